// The saved configurations' storage in Vault: Onyxia's `restorableServiceConfigs` setting of the
// project (reference §5.3), in Onyxia's encoding. Every write is check-and-set over the loaded
// version; a list another member changed meanwhile comes back as a SavedConfigsConflict. In a
// group project the list is also watched (its KV v2 version, a metadata read) so a member's save
// is reloaded in the others' tabs without them having to save first.
import { settingPath, type RestorableServiceConfig } from "@onyxia-ts/core";
import {
  SavedConfigsConflict,
  type SavedConfig,
  type SavedConfigsStorage,
} from "../../ports/savedConfigsStorage.ts";
import type { VaultPort } from "../../ports/vault.ts";
import {
  SettingConflictError,
  loadProjectConfigs,
  writeProjectConfig,
} from "../user-settings/settings.ts";

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

export interface VaultSavedConfigsOptions {
  /** Watch the list for other members' saves every this many ms (group projects); 0: never. */
  watchEveryMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** The project's `.onyxia/restorableServiceConfigs` in Vault, written with check-and-set. */
export function vaultSavedConfigs(
  vault: VaultPort,
  topDir: string,
  newPassword: () => string,
  options: VaultSavedConfigsOptions = {},
): SavedConfigsStorage {
  /** The version this tab last read or wrote: a higher one in Vault is another member's save. */
  let known: number | undefined;
  const watchEveryMs = options.watchEveryMs ?? 0;
  return {
    durable: true,
    async load() {
      const loaded = await loadProjectConfigs(vault, topDir, newPassword);
      known = loaded.versions.restorableServiceConfigs;
      return {
        configs: loaded.configs.restorableServiceConfigs.map(fromRestorable),
        version: loaded.versions.restorableServiceConfigs,
      };
    },
    ...(watchEveryMs > 0
      ? {
          onExternalChange(listener: () => void) {
            const every = options.setInterval ?? ((cb, ms) => globalThis.setInterval(cb, ms));
            const stop =
              options.clearInterval ??
              ((handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>));
            let checking = false;
            const handle = every(() => {
              if (checking || known === undefined) return;
              checking = true;
              vault
                .metadata(settingPath(topDir, "restorableServiceConfigs"))
                .then((meta) => {
                  if (meta && known !== undefined && meta.currentVersion > known) listener();
                })
                // Vault unreachable for a moment: the next tick tries again.
                .catch(() => undefined)
                .finally(() => {
                  checking = false;
                });
            }, watchEveryMs);
            return () => stop(handle);
          },
        }
      : {}),
    async write(configs, baseVersion) {
      try {
        const version = await writeProjectConfig(
          vault,
          topDir,
          "restorableServiceConfigs",
          configs.map(toRestorable),
          baseVersion,
        );
        known = version;
        return { version };
      } catch (error) {
        if (error instanceof SettingConflictError) {
          const current = error.current as RestorableServiceConfig[];
          throw new SavedConfigsConflict(current.map(fromRestorable), error.version);
        }
        throw error;
      }
    },
  };
}
