// Editing a running service: diff, upgrade, revisions, rollback.
export { applyEdit, diffEdit, revisions, rollback, type EditRequest } from "./edit.ts";
