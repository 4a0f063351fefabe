// Theme and language choices, read before the app's core exists: the same guarded localStorage.
import { localStore } from "../core/adapters/browserStorage.ts";

export function readStored(key: string): string | null {
  return localStore.getItem(key);
}

export function writeStored(key: string, value: string): void {
  localStore.setItem(key, value);
}
