// Paths in the KV v2 engine (reference §8, §11): a project's home (`vaultTopDir`), the reserved
// `.onyxia/` folder, folder placeholders, and the HTTP API paths of each operation.
import { VaultInputError } from "./errors.ts";

export interface VaultRegionPaths {
  /** Prefix of a personal project's top dir: `prefix + idep`. */
  prefix?: string;
  /** Prefix of a group project's top dir: `groupPrefix + groupNamespacePrefix + baseName`. */
  groupPrefix?: string;
}

/** The folder Onyxia keeps its own settings in, inside every project's top dir. */
export const RESERVED_DIR_NAME = ".onyxia";
/** The placeholder secret that makes an empty folder exist (KV v2 has no folders). */
export const KEEP_FILE_BASENAME = ".keep";

export function personalVaultTopDir(vault: VaultRegionPaths, idep: string): string {
  return normalizeVaultPath((vault.prefix ?? "") + idep);
}

/** `groupNamespacePrefix` is the region's `services.groupNamespacePrefix` (default "projet-"). */
export function groupVaultTopDir(
  vault: VaultRegionPaths,
  groupNamespacePrefix: string,
  baseName: string,
): string {
  return normalizeVaultPath((vault.groupPrefix ?? "") + groupNamespacePrefix + baseName);
}

/**
 * Canonical form of a path in the engine: no leading/trailing "/", no empty segment. Refuses
 * "." and ".." segments (Vault would resolve them elsewhere than shown) and control characters.
 */
export function normalizeVaultPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    throw new VaultInputError({ kind: "bad-path", path, reason: "control characters" });
  }
  const segments = path.split("/").filter((s) => s !== "");
  for (const segment of segments) {
    if (segment === "." || segment === "..") {
      throw new VaultInputError({ kind: "bad-path", path, reason: `"${segment}" segment` });
    }
  }
  return segments.join("/");
}

export function joinVaultPath(...parts: string[]): string {
  return normalizeVaultPath(parts.join("/"));
}

/** A single name typed by the user (a folder or secret name): no "/" and not reserved names. */
export function basenameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === "") return "a name cannot be empty";
  if (trimmed.includes("/")) return 'a name cannot contain "/"';
  if (trimmed === "." || trimmed === "..") return `"${trimmed}" is not a name`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return "a name cannot contain control characters";
  if (trimmed === KEEP_FILE_BASENAME) return `"${KEEP_FILE_BASENAME}" is reserved`;
  return undefined;
}

export function isWithinTopDir(path: string, topDir: string): boolean {
  const p = normalizeVaultPath(path);
  const top = normalizeVaultPath(topDir);
  return p === top || p.startsWith(`${top}/`);
}

/** Throws unless `path` is the top dir or below it: the explorer never leaves the project. */
export function assertWithinTopDir(path: string, topDir: string): string {
  const p = normalizeVaultPath(path);
  if (!isWithinTopDir(p, topDir))
    throw new VaultInputError({ kind: "outside-top-dir", path, topDir });
  return p;
}

/** `<topDir>/.onyxia`: Onyxia's settings of the project (and, in the personal one, the user's). */
export function reservedDir(topDir: string): string {
  return joinVaultPath(topDir, RESERVED_DIR_NAME);
}

export function isReservedPath(path: string, topDir: string): boolean {
  return isWithinTopDir(path, reservedDir(topDir));
}

/** The path of one setting: one secret per key (reference §5.3.1). */
export function settingPath(topDir: string, key: string): string {
  return joinVaultPath(reservedDir(topDir), key);
}

export type KvApiArea = "data" | "metadata";

/**
 * The HTTP path below the server URL of a KV v2 call: `/v1/<engine>/<data|metadata>/<path>`,
 * each segment percent-encoded (a secret name is data, not URL syntax).
 */
export function kvApiPath(kvEngine: string, area: KvApiArea, path: string): string {
  const encoded = normalizeVaultPath(path).split("/").filter(Boolean).map(encodeURIComponent);
  const engine = normalizeVaultPath(kvEngine).split("/").map(encodeURIComponent);
  return `/v1/${[...engine, area, ...encoded].join("/")}`;
}

/** Splits a listing's keys: folders end with "/" (KV v2 `LIST`). */
export function splitListing(keys: readonly string[]): { directories: string[]; files: string[] } {
  const directories: string[] = [];
  const files: string[] = [];
  for (const key of keys) {
    if (key.endsWith("/")) directories.push(key.slice(0, -1));
    else files.push(key);
  }
  return { directories, files };
}

export function vaultParentPath(path: string): string {
  const segments = normalizeVaultPath(path).split("/");
  segments.pop();
  return segments.join("/");
}

export function vaultBasename(path: string): string {
  const segments = normalizeVaultPath(path).split("/");
  return segments[segments.length - 1] ?? "";
}
