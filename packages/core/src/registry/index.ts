// Filled in by the registry work.
export {};
