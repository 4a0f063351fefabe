// Saved launcher configurations in Vault, in Onyxia's `restorableServiceConfigs` setting of the
// project (reference §5.3). Framework-free: a small observable store per project. Every write is
// check-and-set over the loaded version; when another member (or tab) changed the list meanwhile,
// the store reloads their list and reports it instead of overwriting it.
import type { RestorableServiceConfig } from "@onyxia-ts/core";
import type { SavedConfig } from "../saved-configs/savedConfigsStore.ts";
import type { VaultPort } from "./port.ts";
import {
  SettingConflictError,
  loadProjectConfigs,
  upsertRestorableConfig,
  writeProjectConfig,
} from "./settings.ts";

export function toRestorable(config: SavedConfig): RestorableServiceConfig {
  return {
    friendlyName: config.friendlyName,
    isShared: config.isShared,
    catalogId: config.catalogId,
    chartName: config.chartName,
    chartVersion: config.chartVersion,
    s3ProfileName: config.s3ProfileName,
    helmValuesPatch: config.helmValuesPatch.map((e) => ({ path: [...e.path], value: e.value })),
  };
}

export function fromRestorable(config: RestorableServiceConfig): SavedConfig {
  return {
    friendlyName: config.friendlyName,
    catalogId: config.catalogId,
    chartName: config.chartName,
    chartVersion: config.chartVersion,
    ...(config.isShared !== undefined ? { isShared: config.isShared } : {}),
    ...(config.s3ProfileName !== undefined ? { s3ProfileName: config.s3ProfileName } : {}),
    helmValuesPatch: config.helmValuesPatch.map((e) => ({ path: e.path, value: e.value })),
  };
}

export interface SavedConfigsState {
  status: "loading" | "ready" | "error";
  configs: SavedConfig[];
  /** A write refused because the list changed elsewhere (reloaded), or Vault's error. */
  notice: { kind: "reloaded" | "error"; message: string } | undefined;
}

export class VaultSavedConfigs {
  private state: SavedConfigsState = { status: "loading", configs: [], notice: undefined };
  private list: RestorableServiceConfig[] = [];
  private version = 0;
  private readonly listeners = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly vault: VaultPort,
    private readonly topDir: string,
    private readonly newPassword: () => string,
  ) {}

  snapshot = (): SavedConfigsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: Partial<SavedConfigsState>) {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  }

  private apply(list: RestorableServiceConfig[], version: number) {
    this.list = list;
    this.version = version;
    this.set({ status: "ready", configs: list.map(fromRestorable) });
  }

  load(): Promise<void> {
    return this.enqueue(async () => {
      try {
        const loaded = await loadProjectConfigs(this.vault, this.topDir, this.newPassword);
        this.apply(
          loaded.configs.restorableServiceConfigs,
          loaded.versions.restorableServiceConfigs,
        );
      } catch (error) {
        this.set({
          status: "error",
          notice: { kind: "error", message: String((error as Error).message ?? error) },
        });
      }
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes `update(current list)`; false (and the other list shown) when it changed elsewhere. */
  private write(update: (list: RestorableServiceConfig[]) => RestorableServiceConfig[]) {
    return this.enqueue(async () => {
      const next = update(this.list);
      try {
        const version = await writeProjectConfig(
          this.vault,
          this.topDir,
          "restorableServiceConfigs",
          next,
          this.version,
        );
        this.apply(next, version);
        this.set({ notice: undefined });
      } catch (error) {
        if (error instanceof SettingConflictError) {
          this.apply(error.current as RestorableServiceConfig[], error.version);
          this.set({ notice: { kind: "reloaded", message: error.message } });
          return;
        }
        this.set({ notice: { kind: "error", message: (error as Error).message } });
      }
    });
  }

  save(config: SavedConfig) {
    return this.write((list) => upsertRestorableConfig(list, toRestorable(config)));
  }

  remove(name: string) {
    return this.write((list) => list.filter((c) => c.friendlyName !== name));
  }

  rename(from: string, to: string) {
    return this.write((list) =>
      list.map((c) => (c.friendlyName === from ? { ...c, friendlyName: to } : c)),
    );
  }
}
