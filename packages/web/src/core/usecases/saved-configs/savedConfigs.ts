// Saved launcher configurations (reference §5.3, Onyxia's RestorableServiceConfig): the browser
// fallback's format (used when the region has no Vault) and the launcher-link helpers. Pure.
import {
  decodeLauncherLink,
  encodeLauncherLink,
  type HelmValuesPatchEntry,
  type LauncherLink,
} from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { SavedConfig } from "../../ports/savedConfigsStorage.ts";

export type { SavedConfig };

/** The stored shape; bump `version` and migrate in `parse` when it changes. */
interface StoredShape {
  version: 1;
  configs: SavedConfig[];
}

export type StorageLike = KeyValueStorage;

export function storageKey(projectId: string): string {
  return `datalab.savedConfigs.${projectId}`;
}

function isPatchEntry(value: unknown): value is HelmValuesPatchEntry {
  if (typeof value !== "object" || value === null) return false;
  const { path, value: v } = value as { path?: unknown; value?: unknown };
  const atomic = v === undefined || v === null || typeof v !== "object";
  return (
    Array.isArray(path) &&
    path.every((p) => typeof p === "string" || typeof p === "number") &&
    atomic
  );
}

function isSavedConfig(value: unknown): value is SavedConfig {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c["friendlyName"] === "string" &&
    typeof c["catalogId"] === "string" &&
    typeof c["chartName"] === "string" &&
    typeof c["chartVersion"] === "string" &&
    Array.isArray(c["helmValuesPatch"]) &&
    c["helmValuesPatch"].every(isPatchEntry)
  );
}

/** Unknown versions and broken entries are dropped rather than crashing My services. */
export function parseStored(raw: string | null): SavedConfig[] {
  if (raw === null) return [];
  try {
    const parsed = JSON.parse(raw) as Partial<StoredShape>;
    if (parsed.version !== 1 || !Array.isArray(parsed.configs)) return [];
    // JSON drops `value: undefined`; an entry without value means "remove", as before saving.
    return parsed.configs.filter(isSavedConfig);
  } catch {
    return [];
  }
}

export function listSaved(storage: StorageLike, projectId: string): SavedConfig[] {
  return parseStored(storage.getItem(storageKey(projectId)));
}

function write(storage: StorageLike, projectId: string, configs: SavedConfig[]): void {
  const shape: StoredShape = { version: 1, configs };
  storage.setItem(storageKey(projectId), JSON.stringify(shape));
}

/** Onyxia's willOverwriteExistingConfigOnSave: names are the identity of a saved config. */
export function willOverwrite(configs: readonly SavedConfig[], friendlyName: string): boolean {
  return configs.some((c) => c.friendlyName === friendlyName);
}

/** Adds, or replaces in place the config with the same name (the caller confirmed). */
export function saveConfig(
  storage: StorageLike,
  projectId: string,
  config: SavedConfig,
): SavedConfig[] {
  const configs = listSaved(storage, projectId);
  const index = configs.findIndex((c) => c.friendlyName === config.friendlyName);
  const next =
    index === -1 ? [...configs, config] : configs.map((c, i) => (i === index ? config : c));
  write(storage, projectId, next);
  return next;
}

export function deleteConfig(
  storage: StorageLike,
  projectId: string,
  friendlyName: string,
): SavedConfig[] {
  const next = listSaved(storage, projectId).filter((c) => c.friendlyName !== friendlyName);
  write(storage, projectId, next);
  return next;
}

/** Renaming onto another config's name would silently merge two: refused with `false`. */
export function renameConfig(
  storage: StorageLike,
  projectId: string,
  from: string,
  to: string,
): SavedConfig[] | false {
  const configs = listSaved(storage, projectId);
  if (from !== to && willOverwrite(configs, to)) return false;
  const next = configs.map((c) => (c.friendlyName === from ? { ...c, friendlyName: to } : c));
  write(storage, projectId, next);
  return next;
}

/** A saved config IS a launcher link: launching or editing it opens this address. */
export function savedConfigLink(
  config: SavedConfig,
  options: { autoLaunch?: boolean } = {},
): string {
  const link: LauncherLink = {
    catalogId: config.catalogId,
    chartName: config.chartName,
    friendlyName: config.friendlyName,
    version: config.chartVersion,
    ...(config.isShared !== undefined ? { shared: config.isShared } : {}),
    ...(config.s3ProfileName !== undefined ? { s3: config.s3ProfileName } : {}),
    helmValuesPatch: config.helmValuesPatch,
    ...(options.autoLaunch ? { autoLaunch: true } : {}),
  };
  return encodeLauncherLink(link);
}

/** The launcher saves what its link says, so the saved config and the link can never disagree. */
export function savedConfigFromLink(href: string, chartVersion: string): SavedConfig {
  const query = href.indexOf("?");
  const link =
    query === -1
      ? decodeLauncherLink(href, "")
      : decodeLauncherLink(href.slice(0, query), href.slice(query));
  return {
    friendlyName: link.friendlyName ?? link.chartName,
    catalogId: link.catalogId,
    chartName: link.chartName,
    chartVersion: link.version ?? chartVersion,
    ...(link.shared !== undefined ? { isShared: link.shared } : {}),
    ...(link.s3 !== undefined ? { s3ProfileName: link.s3 } : {}),
    helmValuesPatch: link.helmValuesPatch,
  };
}
