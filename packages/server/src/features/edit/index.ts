// Editing a running service: diff, upgrade, revisions, rollback.
export { applyEdit, diffEdit, revisions, rollback } from "./edit.ts";
