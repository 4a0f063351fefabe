// The saved configurations in this browser (the region has no Vault): Onyxia's localStorage mock,
// "not saved durably". The version is the stored text's hash, so two tabs writing at once are
// told apart as Vault's check-and-set would.
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import {
  SavedConfigsConflict,
  type SavedConfig,
  type SavedConfigsStorage,
} from "../../ports/savedConfigsStorage.ts";
import { listSaved, storageKey } from "./savedConfigs.ts";

function versionOf(raw: string | null): number {
  if (raw === null) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < raw.length; i++) {
    hash ^= raw.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash || 1;
}

export function browserSavedConfigs(
  storage: KeyValueStorage,
  projectId: string,
  onExternalChange?: (listener: () => void) => () => void,
): SavedConfigsStorage {
  const key = storageKey(projectId);
  const read = () => {
    const raw = storage.getItem(key);
    return { configs: listSaved(storage, projectId), version: versionOf(raw) };
  };
  return {
    durable: false,
    load: () => Promise.resolve(read()),
    write(configs: SavedConfig[], baseVersion: number) {
      const current = read();
      if (current.version !== baseVersion) {
        return Promise.reject(new SavedConfigsConflict(current.configs, current.version));
      }
      const raw = JSON.stringify({ version: 1, configs });
      storage.setItem(key, raw);
      return Promise.resolve({ version: versionOf(raw) });
    },
    ...(onExternalChange ? { onExternalChange } : {}),
  };
}
