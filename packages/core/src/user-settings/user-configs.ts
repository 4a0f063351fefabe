// The user's own settings as Onyxia keeps them in the *personal* project's `.onyxia/` folder
// (reference §9): one secret `{value}` per key, defaults written on first read.

export interface UserConfigs {
  gitName: string;
  gitEmail: string;
  gitCredentialCacheDuration: number;
  isBetaModeEnabled: boolean;
  isDevModeEnabled: boolean;
  githubPersonalAccessToken: string | null;
  doDisplayMySecretsUseInServiceDialog: boolean;
  doDisplayAcknowledgeConfigVolatilityDialogIfNoVault: boolean;
  selectedProjectId: string | null;
  isCommandBarEnabled: boolean;
  userProfileStr: string | null;
  s3BookmarksStr: string | null;
}

export type UserConfigKey = keyof UserConfigs;

export interface UserConfigDefaultsInput {
  username: string;
  email: string;
  /** `!DISABLE_COMMAND_BAR` */
  isCommandBarEnabledByDefault: boolean;
}

export function defaultUserConfigs(input: UserConfigDefaultsInput): UserConfigs {
  return {
    gitName: input.username,
    gitEmail: input.email,
    gitCredentialCacheDuration: 0,
    isBetaModeEnabled: false,
    isDevModeEnabled: false,
    githubPersonalAccessToken: null,
    doDisplayMySecretsUseInServiceDialog: true,
    doDisplayAcknowledgeConfigVolatilityDialogIfNoVault: true,
    selectedProjectId: null,
    isCommandBarEnabled: input.isCommandBarEnabledByDefault,
    userProfileStr: null,
    s3BookmarksStr: null,
  };
}

const nullableStrings: readonly UserConfigKey[] = [
  "githubPersonalAccessToken",
  "selectedProjectId",
  "userProfileStr",
  "s3BookmarksStr",
];

export const USER_CONFIG_KEYS: readonly UserConfigKey[] = Object.keys(
  defaultUserConfigs({ username: "", email: "", isCommandBarEnabledByDefault: true }),
) as UserConfigKey[];

export function isUserConfigKey(key: string): key is UserConfigKey {
  return (USER_CONFIG_KEYS as readonly string[]).includes(key);
}

/** Whether a stored value has the key's type (then it replaces the default). */
export function isUserConfigValue<K extends UserConfigKey>(
  key: K,
  value: unknown,
  defaults: UserConfigs,
): value is UserConfigs[K] {
  if (nullableStrings.includes(key)) return value === null || typeof value === "string";
  if (key === "gitCredentialCacheDuration") {
    return typeof value === "number" && Number.isFinite(value) && value >= 0;
  }
  return typeof value === typeof defaults[key];
}

/** The values Vault gave (undefined = absent) over the defaults; wrong types keep the default. */
export function mergeUserConfigs(
  defaults: UserConfigs,
  stored: Partial<Record<UserConfigKey, unknown>>,
): { configs: UserConfigs; missing: UserConfigKey[] } {
  const configs = { ...defaults };
  const missing: UserConfigKey[] = [];
  for (const key of USER_CONFIG_KEYS) {
    const value = stored[key];
    if (value !== undefined && isUserConfigValue(key, value, defaults)) {
      (configs as Record<UserConfigKey, unknown>)[key] = value;
    } else {
      missing.push(key);
    }
  }
  return { configs, missing };
}
