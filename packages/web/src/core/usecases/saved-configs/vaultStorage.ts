// The saved configurations' storage in Vault: Onyxia's `restorableServiceConfigs` setting of the
// project (reference §5.3), in Onyxia's encoding. Every write is check-and-set over the loaded
// version; a list another member changed meanwhile comes back as a SavedConfigsConflict.
import type { RestorableServiceConfig } from "@onyxia-ts/core";
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

/** The project's `.onyxia/restorableServiceConfigs` in Vault, written with check-and-set. */
export function vaultSavedConfigs(
  vault: VaultPort,
  topDir: string,
  newPassword: () => string,
): SavedConfigsStorage {
  return {
    durable: true,
    async load() {
      const loaded = await loadProjectConfigs(vault, topDir, newPassword);
      return {
        configs: loaded.configs.restorableServiceConfigs.map(fromRestorable),
        version: loaded.versions.restorableServiceConfigs,
      };
    },
    async write(configs, baseVersion) {
      try {
        const version = await writeProjectConfig(
          vault,
          topDir,
          "restorableServiceConfigs",
          configs.map(toRestorable),
          baseVersion,
        );
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
