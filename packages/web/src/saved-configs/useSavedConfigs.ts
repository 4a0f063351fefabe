// React binding of the saved configurations store, on this browser's localStorage.
import { useCallback, useSyncExternalStore } from "react";
import { browserStorage, readStored } from "../config/storage.ts";
import {
  deleteConfig,
  listSaved,
  renameConfig,
  saveConfig,
  storageKey,
  type SavedConfig,
} from "./savedConfigsStore.ts";

// Snapshots are cached per raw string so useSyncExternalStore sees a stable value.
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; configs: SavedConfig[] }>();

function snapshot(projectId: string): SavedConfig[] {
  const raw = readStored(storageKey(projectId));
  const cached = cache.get(projectId);
  if (cached && cached.raw === raw) return cached.configs;
  const configs = listSaved(browserStorage, projectId);
  cache.set(projectId, { raw, configs });
  return configs;
}

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab saving a configuration updates this one too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function useSavedConfigs(projectId: string) {
  const configs = useSyncExternalStore(subscribe, () => snapshot(projectId));
  const save = useCallback(
    (config: SavedConfig) => {
      saveConfig(browserStorage, projectId, config);
      notify();
    },
    [projectId],
  );
  const remove = useCallback(
    (name: string) => {
      deleteConfig(browserStorage, projectId, name);
      notify();
    },
    [projectId],
  );
  const rename = useCallback(
    (from: string, to: string): boolean => {
      const ok = renameConfig(browserStorage, projectId, from, to) !== false;
      notify();
      return ok;
    },
    [projectId],
  );
  return { configs, save, remove, rename };
}
