// The saved configurations of one project, as a store over the SavedConfigsStorage port (Vault
// when the region has one, else this browser; bootstrap chooses). Writes go one after the other,
// each over the version last read: a list another member or tab changed meanwhile is reloaded and
// reported ("reloaded"), never overwritten.
import {
  SavedConfigsConflict,
  type SavedConfig,
  type SavedConfigsStorage,
} from "../../ports/savedConfigsStorage.ts";
import { createState, type Store } from "../../store.ts";
import { willOverwrite } from "./savedConfigs.ts";

export interface SavedConfigsState {
  status: "loading" | "ready" | "error";
  configs: SavedConfig[];
  /** False: kept in this browser only (Onyxia's "not saved durably"). */
  durable: boolean;
  /** A write refused because the list changed elsewhere (it was reloaded), or the storage's error. */
  notice: { kind: "reloaded" | "error"; message: string } | undefined;
}

export interface ProjectSavedConfigs extends Store<SavedConfigsState> {
  /** Reads the list again (another member may have saved). */
  load(): Promise<void>;
  save(config: SavedConfig): Promise<void>;
  remove(friendlyName: string): Promise<void>;
  /** False (nothing written) when another config already has that name. */
  rename(from: string, to: string): boolean;
  clearNotice(): void;
}

export interface SavedConfigsUseCase {
  forProject(projectId: string): ProjectSavedConfigs;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createProjectSavedConfigs(storage: SavedConfigsStorage): ProjectSavedConfigs {
  const state = createState<SavedConfigsState>({
    status: "loading",
    configs: [],
    durable: storage.durable,
    notice: undefined,
  });
  let version = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const apply = (configs: SavedConfig[], next: number) => {
    version = next;
    state.set((s) => ({ ...s, status: "ready", configs }));
  };
  const load = () =>
    enqueue(async () => {
      try {
        const loaded = await storage.load();
        apply(loaded.configs, loaded.version);
      } catch (error) {
        state.set((s) => ({
          ...s,
          status: "error",
          notice: { kind: "error", message: message(error) },
        }));
      }
    });
  const write = (update: (list: SavedConfig[]) => SavedConfig[]) =>
    enqueue(async () => {
      const next = update(state.get().configs);
      try {
        apply(next, (await storage.write(next, version)).version);
        state.set((s) => ({ ...s, notice: undefined }));
      } catch (error) {
        if (error instanceof SavedConfigsConflict) {
          apply(error.configs, error.version);
          state.set((s) => ({ ...s, notice: { kind: "reloaded", message: error.message } }));
          return;
        }
        state.set((s) => ({ ...s, notice: { kind: "error", message: message(error) } }));
      }
    });
  storage.onExternalChange?.(() => void load());
  void load();
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    load,
    save: (config) =>
      write((list) =>
        willOverwrite(list, config.friendlyName)
          ? list.map((c) => (c.friendlyName === config.friendlyName ? config : c))
          : [...list, config],
      ),
    remove: (name) => write((list) => list.filter((c) => c.friendlyName !== name)),
    rename(from, to) {
      if (from !== to && willOverwrite(state.get().configs, to)) return false;
      void write((list) =>
        list.map((c) => (c.friendlyName === from ? { ...c, friendlyName: to } : c)),
      );
      return true;
    },
    clearNotice: () => state.set((s) => ({ ...s, notice: undefined })),
  };
}

export function createSavedConfigsUseCase(deps: {
  /** Vault's `.onyxia/` when the region has one, else this browser's storage. */
  storageFor: (projectId: string) => SavedConfigsStorage;
  /** What decides storageFor changed (the session loaded, another user): views are rebuilt. */
  storageKey?: () => string;
}): SavedConfigsUseCase {
  const views = new Map<string, ProjectSavedConfigs>();
  return {
    forProject(projectId) {
      const key = `${deps.storageKey?.() ?? ""}|${projectId}`;
      const existing = views.get(key);
      if (existing) return existing;
      const view = createProjectSavedConfigs(deps.storageFor(projectId));
      views.set(key, view);
      return view;
    },
  };
}
