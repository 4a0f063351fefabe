// The secrets explorer's use cases (reference §8), over the Vault port: browse the project's
// top dir, create folders (a ".keep" placeholder) and secrets, edit with check-and-set, rename
// (copy then delete) and delete recursively. Every path is checked to stay inside the top dir
// and every key to be an environment variable name before any call is made.
import {
  KEEP_FILE_BASENAME,
  RESERVED_DIR_NAME,
  VaultInputError,
  assertWithinTopDir,
  basenameProblem,
  joinVaultPath,
  normalizeVaultPath,
  validateSecretEntries,
  vaultBasename,
  vaultParentPath,
} from "@onyxia-ts/core";
import { VaultError, isVaultError, type SecretVersion, type VaultPort } from "../../ports/vault.ts";

export interface Explorer {
  vault: VaultPort;
  /** The project's `vaultTopDir`. */
  topDir: string;
}

export interface DirectoryListing {
  directories: string[];
  files: string[];
  /** Whether the top dir's `.onyxia/` (Onyxia's settings) was left out. */
  reservedHidden: boolean;
}

/** A save refused because another tab or member wrote a newer version: it is shown instead. */
export class SecretConflictError extends Error {
  readonly current: SecretVersion | undefined;
  constructor(path: string, current: SecretVersion | undefined) {
    super(
      current
        ? `"${path}" was changed elsewhere (now version ${current.version}): your changes were not saved`
        : `"${path}" was deleted elsewhere: your changes were not saved`,
    );
    this.name = "SecretConflictError";
    this.current = current;
  }
}

function checkName(name: string): string {
  const problem = basenameProblem(name);
  if (problem) throw new VaultInputError({ kind: "bad-path", path: name, reason: problem });
  return name.trim();
}

const inside = (explorer: Explorer, path: string) => assertWithinTopDir(path, explorer.topDir);

export async function listDirectory(
  explorer: Explorer,
  path: string,
  options: { showReserved?: boolean } = {},
): Promise<DirectoryListing> {
  const dir = inside(explorer, path);
  const listing = await explorer.vault.list(dir);
  const atTop = dir === normalizeVaultPath(explorer.topDir);
  const hide = atTop && !options.showReserved;
  return {
    directories: listing.directories.filter((d) => !(hide && d === RESERVED_DIR_NAME)).sort(),
    files: listing.files.filter((f) => f !== KEEP_FILE_BASENAME).sort(),
    reservedHidden: hide && listing.directories.includes(RESERVED_DIR_NAME),
  };
}

export async function createFolder(explorer: Explorer, dir: string, name: string): Promise<string> {
  const path = inside(explorer, joinVaultPath(dir, checkName(name)));
  await explorer.vault.put(joinVaultPath(path, KEEP_FILE_BASENAME), {}, { cas: 0 });
  return path;
}

/** The editor's rows as a secret (keys upper-cased and checked); throws VaultInputError. */
export function secretFromRows(rows: readonly (readonly [string, string])[]) {
  return validateSecretEntries(rows);
}

/** Creates a new secret; refuses to overwrite an existing one of the same name. */
export async function createSecret(
  explorer: Explorer,
  dir: string,
  name: string,
  rows: readonly (readonly [string, string])[] = [],
): Promise<string> {
  const data = secretFromRows(rows);
  const path = inside(explorer, joinVaultPath(dir, checkName(name)));
  try {
    await explorer.vault.put(path, data, { cas: 0 });
  } catch (error) {
    if (isVaultError(error, "cas-conflict")) {
      throw new VaultInputError({ kind: "bad-path", path, reason: "a secret of that name exists" });
    }
    throw error;
  }
  return path;
}

export async function openSecret(explorer: Explorer, path: string) {
  return explorer.vault.get(inside(explorer, path));
}

/**
 * Saves the edited rows over `baseVersion` (the version that was opened). If someone wrote in
 * between, nothing is written and SecretConflictError carries their version.
 */
export async function saveSecret(
  explorer: Explorer,
  path: string,
  rows: readonly (readonly [string, string])[],
  baseVersion: number,
): Promise<{ version: number }> {
  const data = secretFromRows(rows);
  const target = inside(explorer, path);
  try {
    return await explorer.vault.put(target, data, { cas: baseVersion });
  } catch (error) {
    if (isVaultError(error, "cas-conflict")) {
      throw new SecretConflictError(target, await explorer.vault.get(target));
    }
    throw error;
  }
}

/** Every secret path below a folder (placeholders included), depth first. */
export async function collectSecrets(explorer: Explorer, dir: string): Promise<string[]> {
  const root = inside(explorer, dir);
  const listing = await explorer.vault.list(root);
  const nested = await Promise.all(
    listing.directories.map((d) => collectSecrets(explorer, joinVaultPath(root, d))),
  );
  return [...listing.files.map((f) => joinVaultPath(root, f)), ...nested.flat()];
}

/** How many secrets a delete would remove (the confirmation names it); placeholders not counted. */
export async function countSecrets(explorer: Explorer, dir: string): Promise<number> {
  const all = await collectSecrets(explorer, dir);
  return all.filter((p) => vaultBasename(p) !== KEEP_FILE_BASENAME).length;
}

async function copy(explorer: Explorer, from: string, to: string) {
  const secret = await explorer.vault.get(from);
  if (!secret) throw new VaultError("bad-request", `"${from}" does not exist`, { path: from });
  await explorer.vault.put(to, secret.data, { cas: 0 });
}

export async function renameSecret(explorer: Explorer, path: string, newName: string) {
  const from = inside(explorer, path);
  const to = inside(explorer, joinVaultPath(vaultParentPath(from), checkName(newName)));
  if (to === from) return to;
  if (await explorer.vault.metadata(to)) {
    throw new VaultInputError({
      kind: "bad-path",
      path: to,
      reason: "a secret of that name exists",
    });
  }
  await copy(explorer, from, to);
  await explorer.vault.delete(from);
  return to;
}

export async function renameFolder(explorer: Explorer, path: string, newName: string) {
  const from = inside(explorer, path);
  if (from === normalizeVaultPath(explorer.topDir)) {
    throw new VaultInputError({
      kind: "bad-path",
      path,
      reason: "the project's folder cannot be renamed",
    });
  }
  const to = inside(explorer, joinVaultPath(vaultParentPath(from), checkName(newName)));
  if (to === from) return to;
  if ((await collectSecrets(explorer, to)).length > 0) {
    throw new VaultInputError({
      kind: "bad-path",
      path: to,
      reason: "a folder of that name exists",
    });
  }
  const paths = await collectSecrets(explorer, from);
  // Copy everything first: a failure half-way leaves the original complete.
  for (const p of paths) await copy(explorer, p, to + p.slice(from.length));
  for (const p of paths) await explorer.vault.delete(p);
  return to;
}

export async function deleteSecret(explorer: Explorer, path: string) {
  await explorer.vault.delete(inside(explorer, path));
}

/** Deletes a folder and all it holds; returns how many secrets were removed. */
export async function deleteFolder(explorer: Explorer, path: string): Promise<number> {
  const dir = inside(explorer, path);
  if (dir === normalizeVaultPath(explorer.topDir)) {
    throw new VaultInputError({
      kind: "bad-path",
      path,
      reason: "the project's folder cannot be deleted",
    });
  }
  const paths = await collectSecrets(explorer, dir);
  for (const p of paths) await explorer.vault.delete(p);
  return paths.filter((p) => vaultBasename(p) !== KEEP_FILE_BASENAME).length;
}

/** What "use in a service" explains: each key becomes `$KEY` in the service's environment. */
export function environmentOf(secret: Record<string, unknown>): string[] {
  return Object.keys(secret).map((key) => `$${key}`);
}
