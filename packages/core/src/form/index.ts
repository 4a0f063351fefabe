// Filled in by the form work.
export {};
