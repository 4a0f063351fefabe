import type { en } from "./en.ts";

/** Every language file must have exactly this shape: a missing or misspelt key fails the typecheck. */
export type Messages = typeof en;
