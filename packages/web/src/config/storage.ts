// localStorage can throw (privacy mode, disabled storage): preferences then simply don't persist.
export function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* not persisted, see above */
  }
}

/** The same guarded access, as the Storage shape pure modules take. */
export const browserStorage = { getItem: readStored, setItem: writeStored };
