// The KeyValueStorage port on the browser's storages. They can throw (privacy mode, disabled
// storage): values then simply don't persist.
import type { KeyValueStorage } from "../ports/keyValueStorage.ts";

function guarded(get: () => Storage | undefined): KeyValueStorage {
  return {
    getItem: (key) => {
      try {
        return get()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem: (key, value) => {
      try {
        get()?.setItem(key, value);
      } catch {
        /* not persisted, see above */
      }
    },
  };
}

export const localStore = guarded(() => globalThis.localStorage);
export const sessionStore = guarded(() => globalThis.sessionStorage);

/** Another tab writing the local storage (a saved configuration, say). */
export function onOtherTabWrite(listener: () => void): () => void {
  if (typeof window === "undefined") return () => undefined;
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
}
