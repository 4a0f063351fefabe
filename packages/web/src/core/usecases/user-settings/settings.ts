// The user's and project's settings where Onyxia keeps them (reference §5.3.1, §9): one secret per
// key in `<vaultTopDir>/.onyxia/`, in Onyxia's exact encoding, so an organisation's existing data
// reads back and what we write reads in Onyxia. Project settings are written with check-and-set:
// in a group project, a list another member changed meanwhile is reloaded, never overwritten.
import {
  PROJECT_CONFIGS_MODEL_VERSION,
  PROJECT_CONFIG_KEYS,
  USER_CONFIG_KEYS,
  defaultProjectConfigs,
  defaultUserConfigs,
  mergeUserConfigs,
  parseProjectConfig,
  secretToValue,
  settingPath,
  valueToSecret,
  type ProjectConfigKey,
  type ProjectConfigs,
  type RestorableServiceConfig,
  type UserConfigDefaultsInput,
  type UserConfigKey,
  type UserConfigs,
} from "@onyxia-ts/core";
import { isVaultError, type VaultPort } from "../../ports/vault.ts";

export interface LoadedProjectConfigs {
  configs: ProjectConfigs;
  /** KV version of each key as read (0 = absent): the check-and-set base of the next write. */
  versions: Record<ProjectConfigKey, number>;
  /** Saved configurations or S3 profiles that did not have Onyxia's shape and were left out. */
  dropped: number;
}

/** A setting changed elsewhere since it was loaded: nothing was written; here is the new value. */
export class SettingConflictError<K extends ProjectConfigKey = ProjectConfigKey> extends Error {
  readonly key: K;
  readonly current: ProjectConfigs[K];
  readonly version: number;
  constructor(key: K, current: ProjectConfigs[K], version: number) {
    super(`"${key}" was changed by someone else meanwhile: it was reloaded, not overwritten`);
    this.name = "SettingConflictError";
    this.key = key;
    this.current = current;
    this.version = version;
  }
}

async function readKey<K extends ProjectConfigKey>(
  vault: VaultPort,
  topDir: string,
  key: K,
): Promise<{ value: ProjectConfigs[K] | undefined; version: number; dropped: number }> {
  const secret = await vault.get(settingPath(topDir, key));
  if (!secret) return { value: undefined, version: 0, dropped: 0 };
  const decoded = secretToValue(secret.data);
  if (decoded === undefined) return { value: undefined, version: secret.version, dropped: 0 };
  const parsed = parseProjectConfig(key, decoded);
  return { value: parsed.value, version: secret.version, dropped: parsed.dropped };
}

/**
 * Reads a project's settings; absent keys get Onyxia's defaults (a new service password is drawn)
 * and are written, as Onyxia does, so every member then sees the same password.
 */
export async function loadProjectConfigs(
  vault: VaultPort,
  topDir: string,
  newPassword: () => string,
): Promise<LoadedProjectConfigs> {
  const defaults = defaultProjectConfigs(newPassword());
  const configs = { ...defaults } as Record<ProjectConfigKey, unknown>;
  const versions = {} as Record<ProjectConfigKey, number>;
  let dropped = 0;
  const read = await Promise.all(PROJECT_CONFIG_KEYS.map((key) => readKey(vault, topDir, key)));
  await Promise.all(
    PROJECT_CONFIG_KEYS.map(async (key, i) => {
      const r = read[i]!;
      dropped += r.dropped;
      if (r.value !== undefined) {
        configs[key] = r.value;
        versions[key] = r.version;
        return;
      }
      try {
        const written = await vault.put(settingPath(topDir, key), valueToSecret(defaults[key]), {
          cas: r.version,
        });
        versions[key] = written.version;
      } catch (error) {
        // Another member initialised it at the same time: theirs wins.
        if (!isVaultError(error, "cas-conflict")) throw error;
        const again = await readKey(vault, topDir, key);
        if (again.value !== undefined) configs[key] = again.value;
        versions[key] = again.version;
      }
    }),
  );
  return { configs: configs as unknown as ProjectConfigs, versions, dropped };
}

/**
 * Writes one project setting over the version that was loaded. On a concurrent change, throws
 * SettingConflictError with the other value (the caller shows it and lets the user redo).
 */
export async function writeProjectConfig<K extends ProjectConfigKey>(
  vault: VaultPort,
  topDir: string,
  key: K,
  value: ProjectConfigs[K],
  baseVersion: number,
): Promise<number> {
  if (key === "__modelVersion" && value !== PROJECT_CONFIGS_MODEL_VERSION) {
    throw new Error("Only model version 2 is written");
  }
  try {
    return (await vault.put(settingPath(topDir, key), valueToSecret(value), { cas: baseVersion }))
      .version;
  } catch (error) {
    if (!isVaultError(error, "cas-conflict")) throw error;
    const current = await readKey(vault, topDir, key);
    throw new SettingConflictError(
      key,
      (current.value ?? defaultProjectConfigs("")[key]) as ProjectConfigs[K],
      current.version,
    );
  }
}

/** Onyxia's "same name overwrites": replaces in place or appends. */
export function upsertRestorableConfig(
  list: readonly RestorableServiceConfig[],
  config: RestorableServiceConfig,
): RestorableServiceConfig[] {
  const i = list.findIndex((c) => c.friendlyName === config.friendlyName);
  return i === -1 ? [...list, config] : list.map((c, j) => (j === i ? config : c));
}

export interface LoadedUserConfigs {
  configs: UserConfigs;
}

/** The user's settings in the personal project's `.onyxia/`; missing keys get their default, written. */
export async function loadUserConfigs(
  vault: VaultPort,
  personalTopDir: string,
  defaultsInput: UserConfigDefaultsInput,
): Promise<UserConfigs> {
  const defaults = defaultUserConfigs(defaultsInput);
  const stored: Partial<Record<UserConfigKey, unknown>> = {};
  await Promise.all(
    USER_CONFIG_KEYS.map(async (key) => {
      const secret = await vault.get(settingPath(personalTopDir, key));
      // Onyxia reads `secret.value` and ignores anything else in the secret.
      if (secret) stored[key] = secret.data["value"];
    }),
  );
  const { configs, missing } = mergeUserConfigs(defaults, stored);
  // Only absent keys get their default written: a value of another type is left as it is.
  await Promise.all(
    missing
      .filter((key) => stored[key] === undefined)
      .map((key) => vault.put(settingPath(personalTopDir, key), valueToSecret(defaults[key]))),
  );
  return configs;
}

export async function writeUserConfig<K extends UserConfigKey>(
  vault: VaultPort,
  personalTopDir: string,
  key: K,
  value: UserConfigs[K],
): Promise<void> {
  await vault.put(settingPath(personalTopDir, key), { value });
}
