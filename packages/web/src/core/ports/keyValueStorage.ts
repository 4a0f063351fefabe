// What the browser keeps (localStorage, sessionStorage): a string per key. Reads and writes never
// throw (privacy mode, disabled storage): values then simply don't persist.
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A Map-backed storage, for tests and for when the browser has none. */
export function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
  };
}
