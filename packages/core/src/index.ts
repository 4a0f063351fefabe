// Public surface of the pure domain core. Each feature folder re-exports from here.
export {};
