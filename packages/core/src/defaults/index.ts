// Filled in by the defaults work.
export {};
