// A project's settings as Onyxia v2 keeps them in `<vaultTopDir>/.onyxia/<key>` (reference §5.3.1):
// the saved launcher configurations, the service password, the user-created S3 profiles and the
// cluster-notification checkout time, with `__modelVersion: 2`. Version 1 (a single object with
// `restorableConfigs` and `s3`) is not read.
import { SettingFormatError } from "./secret-encoding.ts";

export const PROJECT_CONFIGS_MODEL_VERSION = 2;

export type StoredAtomic = string | number | boolean | null;

export interface StoredHelmValuesPatchEntry {
  path: (string | number)[];
  /** undefined removes the key (JSON drops it: an entry without `value`). */
  value: StoredAtomic | undefined;
}

export interface RestorableServiceConfig {
  friendlyName: string;
  isShared: boolean | undefined;
  catalogId: string;
  chartName: string;
  chartVersion: string;
  s3ProfileName: string | undefined;
  helmValuesPatch: StoredHelmValuesPatchEntry[];
}

export interface StoredS3Profile {
  profileName: string;
  /** ms since the epoch */
  creationTime: number;
  url: string;
  region: string | undefined;
  pathStyleAccess: boolean;
  credentials:
    { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined } | undefined;
  bookmarks: { displayName: string | undefined; s3Uri: string }[] | undefined;
}

export interface ProjectConfigs {
  __modelVersion: 2;
  servicePassword: string;
  restorableServiceConfigs: RestorableServiceConfig[];
  s3Profiles: StoredS3Profile[];
  clusterNotificationCheckoutTime: number;
}

export type ProjectConfigKey = keyof ProjectConfigs;

export const PROJECT_CONFIG_KEYS: readonly ProjectConfigKey[] = [
  "__modelVersion",
  "servicePassword",
  "restorableServiceConfigs",
  "s3Profiles",
  "clusterNotificationCheckoutTime",
];

export function isProjectConfigKey(key: string): key is ProjectConfigKey {
  return (PROJECT_CONFIG_KEYS as readonly string[]).includes(key);
}

/** Values for keys absent from Vault (a new project); the password is drawn by the caller. */
export function defaultProjectConfigs(servicePassword: string): ProjectConfigs {
  return {
    __modelVersion: 2,
    servicePassword,
    restorableServiceConfigs: [],
    s3Profiles: [],
    clusterNotificationCheckoutTime: 0,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === "string";
const isAtomic = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

function toPatchEntry(v: unknown): StoredHelmValuesPatchEntry | undefined {
  if (!isObj(v) || !Array.isArray(v["path"])) return undefined;
  const path = v["path"] as unknown[];
  if (!path.every((p) => typeof p === "string" || typeof p === "number")) return undefined;
  const value = v["value"];
  if (value !== undefined && !isAtomic(value)) return undefined;
  return { path: path as (string | number)[], value: value as StoredAtomic | undefined };
}

/** One saved configuration, rebuilt in Onyxia's field order; undefined when malformed. */
export function toRestorableServiceConfig(v: unknown): RestorableServiceConfig | undefined {
  if (!isObj(v)) return undefined;
  const { friendlyName, isShared, catalogId, chartName, chartVersion, s3ProfileName } = v;
  if (
    typeof friendlyName !== "string" ||
    (isShared !== undefined && typeof isShared !== "boolean") ||
    typeof catalogId !== "string" ||
    typeof chartName !== "string" ||
    typeof chartVersion !== "string" ||
    !optString(s3ProfileName) ||
    !Array.isArray(v["helmValuesPatch"])
  ) {
    return undefined;
  }
  const patch = (v["helmValuesPatch"] as unknown[]).map(toPatchEntry);
  if (patch.some((p) => p === undefined)) return undefined;
  return {
    friendlyName,
    isShared: isShared as boolean | undefined,
    catalogId,
    chartName,
    chartVersion,
    s3ProfileName: s3ProfileName as string | undefined,
    helmValuesPatch: patch as StoredHelmValuesPatchEntry[],
  };
}

export function toStoredS3Profile(v: unknown): StoredS3Profile | undefined {
  if (!isObj(v)) return undefined;
  const { profileName, creationTime, url, region, pathStyleAccess, credentials, bookmarks } = v;
  if (
    typeof profileName !== "string" ||
    typeof creationTime !== "number" ||
    typeof url !== "string" ||
    !optString(region) ||
    typeof pathStyleAccess !== "boolean"
  ) {
    return undefined;
  }
  let creds: StoredS3Profile["credentials"];
  if (credentials !== undefined) {
    if (
      !isObj(credentials) ||
      typeof credentials["accessKeyId"] !== "string" ||
      typeof credentials["secretAccessKey"] !== "string" ||
      !optString(credentials["sessionToken"])
    ) {
      return undefined;
    }
    creds = {
      accessKeyId: credentials["accessKeyId"],
      secretAccessKey: credentials["secretAccessKey"],
      sessionToken: credentials["sessionToken"] as string | undefined,
    };
  }
  let marks: StoredS3Profile["bookmarks"];
  if (bookmarks !== undefined) {
    if (!Array.isArray(bookmarks)) return undefined;
    marks = [];
    for (const b of bookmarks as unknown[]) {
      if (!isObj(b) || typeof b["s3Uri"] !== "string" || !optString(b["displayName"])) {
        return undefined;
      }
      marks.push({ displayName: b["displayName"] as string | undefined, s3Uri: b["s3Uri"] });
    }
  }
  return {
    profileName,
    creationTime,
    url,
    region: region as string | undefined,
    pathStyleAccess,
    credentials: creds,
    bookmarks: marks,
  };
}

export interface ParsedProjectConfig<K extends ProjectConfigKey> {
  value: ProjectConfigs[K];
  /** Array entries that did not have Onyxia's shape and were left out (not fatal). */
  dropped: number;
}

function parseArray<T>(value: unknown, key: string, item: (v: unknown) => T | undefined) {
  if (!Array.isArray(value)) throw new SettingFormatError(`"${key}" must be an array`);
  const items = (value as unknown[]).map(item);
  const kept = items.filter((x): x is T => x !== undefined);
  return { value: kept, dropped: items.length - kept.length };
}

/**
 * Checks a decoded setting (secretToValue) against its key's type. A value of the wrong type is
 * an error; malformed entries of the two lists are dropped and counted, so one broken saved
 * configuration does not hide the others.
 */
export function parseProjectConfig<K extends ProjectConfigKey>(
  key: K,
  value: unknown,
): ParsedProjectConfig<K> {
  const ok = (v: unknown) => ({ value: v as ProjectConfigs[K], dropped: 0 });
  switch (key) {
    case "__modelVersion":
      if (value !== PROJECT_CONFIGS_MODEL_VERSION) {
        throw new SettingFormatError(
          `Project settings of model version ${JSON.stringify(value)} are not supported (expected 2)`,
        );
      }
      return ok(value);
    case "servicePassword":
      if (typeof value !== "string" || value === "") {
        throw new SettingFormatError('"servicePassword" must be a non-empty string');
      }
      return ok(value);
    case "clusterNotificationCheckoutTime":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new SettingFormatError('"clusterNotificationCheckoutTime" must be a number');
      }
      return ok(value);
    case "restorableServiceConfigs":
      return parseArray(value, key, toRestorableServiceConfig) as ParsedProjectConfig<K>;
    case "s3Profiles":
      return parseArray(value, key, toStoredS3Profile) as ParsedProjectConfig<K>;
  }
  throw new SettingFormatError(`Unknown project setting "${String(key)}"`);
}
