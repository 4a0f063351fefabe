// Filled in by the catalog work.
export {};
