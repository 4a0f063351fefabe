// Filled in by the naming work.
export {};
