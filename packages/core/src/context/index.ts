// Filled in by the context work.
export {};
