// Where the user-created S3 profiles of a project are kept. As Onyxia (reference §5.3.1): the
// project's `s3Profiles` setting in Vault, `<vaultTopDir>/.onyxia/s3Profiles`, a secret
// `{ valueAsJson: "[…]" }` holding Onyxia's profile objects, so a group's profiles are shared by
// its members and what Onyxia wrote reads back here (and the reverse). Without Vault in the
// region, this browser's storage, and the UI says the profiles are not saved durably.
import { toStoredS3Profile, type StoredS3Profile } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { VaultPort } from "../../ports/vault.ts";
import {
  SettingConflictError,
  loadProjectConfigs,
  writeProjectConfig,
} from "../user-settings/settings.ts";

export interface UserS3ProfilesStorage {
  /** False: this browser only (no Vault in the region). */
  durable: boolean;
  /** The profiles and the version they were read at (the check-and-set base of the next write). */
  load(): Promise<{ profiles: StoredS3Profile[]; version: number }>;
  /** Writes over `baseVersion`; a list changed elsewhere meanwhile throws UserS3ProfilesConflict. */
  write(profiles: StoredS3Profile[], baseVersion: number): Promise<{ version: number }>;
}

/** Another member (or tab) changed the profiles since they were loaded: nothing was written. */
export class UserS3ProfilesConflict extends Error {
  constructor(
    readonly current: StoredS3Profile[],
    readonly version: number,
  ) {
    super("The S3 profiles were changed elsewhere meanwhile: they were reloaded, not overwritten");
    this.name = "UserS3ProfilesConflict";
  }
}

/** The project's `.onyxia/s3Profiles` in Vault (read with the other settings, as Onyxia initialises them). */
export function vaultS3Profiles(
  vault: VaultPort,
  topDir: string,
  newPassword: () => string,
): UserS3ProfilesStorage {
  return {
    durable: true,
    async load() {
      const loaded = await loadProjectConfigs(vault, topDir, newPassword);
      return { profiles: loaded.configs.s3Profiles, version: loaded.versions.s3Profiles };
    },
    async write(profiles, baseVersion) {
      try {
        return {
          version: await writeProjectConfig(vault, topDir, "s3Profiles", profiles, baseVersion),
        };
      } catch (error) {
        if (error instanceof SettingConflictError)
          throw new UserS3ProfilesConflict(error.current as StoredS3Profile[], error.version);
        throw error;
      }
    },
  };
}

/** The browser-storage key of a project's profiles (fallback without Vault). */
export const browserS3ProfilesKey = (projectStorageId: string) =>
  `datalab.s3.profiles.${projectStorageId}`;

/** This browser's copy, in the same shape as Onyxia's setting; entries of another shape are left out. */
export function browserS3Profiles(
  storage: KeyValueStorage,
  projectStorageId: string,
): UserS3ProfilesStorage {
  const key = browserS3ProfilesKey(projectStorageId);
  const read = (): StoredS3Profile[] => {
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? "[]") as unknown;
      return Array.isArray(parsed)
        ? parsed.map(toStoredS3Profile).filter((p): p is StoredS3Profile => p !== undefined)
        : [];
    } catch {
      return [];
    }
  };
  return {
    durable: false,
    load: async () => ({ profiles: read(), version: 0 }),
    async write(profiles) {
      storage.setItem(key, JSON.stringify(profiles));
      return { version: 0 };
    },
  };
}
