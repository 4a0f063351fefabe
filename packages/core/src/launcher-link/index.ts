// Filled in by the launcher-link work.
export {};
