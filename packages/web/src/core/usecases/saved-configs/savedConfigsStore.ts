// The saved configurations of one project, as a store: another tab saving one updates this one too.
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { Store } from "../../store.ts";
import {
  deleteConfig,
  listSaved,
  renameConfig,
  saveConfig,
  storageKey,
  type SavedConfig,
} from "./savedConfigs.ts";

export interface ProjectSavedConfigs extends Store<SavedConfig[]> {
  save(config: SavedConfig): void;
  remove(friendlyName: string): void;
  /** False when another config already has that name. */
  rename(from: string, to: string): boolean;
}

export interface SavedConfigsUseCase {
  forProject(projectId: string): ProjectSavedConfigs;
}

export function createSavedConfigsUseCase(deps: {
  storage: KeyValueStorage;
  /** Another tab wrote the storage. */
  onExternalChange: (listener: () => void) => () => void;
}): SavedConfigsUseCase {
  const listeners = new Set<() => void>();
  // Snapshots are cached per raw string so React sees a stable value.
  const cache = new Map<string, { raw: string | null; configs: SavedConfig[] }>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    const stop = deps.onExternalChange(listener);
    return () => {
      listeners.delete(listener);
      stop();
    };
  };
  const views = new Map<string, ProjectSavedConfigs>();
  return {
    forProject(projectId) {
      const existing = views.get(projectId);
      if (existing) return existing;
      const view: ProjectSavedConfigs = {
        subscribe,
        getSnapshot() {
          const raw = deps.storage.getItem(storageKey(projectId));
          const cached = cache.get(projectId);
          if (cached && cached.raw === raw) return cached.configs;
          const configs = listSaved(deps.storage, projectId);
          cache.set(projectId, { raw, configs });
          return configs;
        },
        save(config) {
          saveConfig(deps.storage, projectId, config);
          notify();
        },
        remove(friendlyName) {
          deleteConfig(deps.storage, projectId, friendlyName);
          notify();
        },
        rename(from, to) {
          const ok = renameConfig(deps.storage, projectId, from, to) !== false;
          notify();
          return ok;
        },
      };
      views.set(projectId, view);
      return view;
    },
  };
}
