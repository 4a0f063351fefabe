// Reads the admin schema directory (`external.schema.directory`) and the per-role one
// (`role.schema.directory/<role>/<key>`) into the maps the core registry takes (reference §4.2).
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { JSONSchema } from "@onyxia-ts/core";

export class SchemaDirectoryError extends Error {
  override readonly name = "SchemaDirectoryError";
}

/**
 * Every `*.json` file under `dir`, keyed by its path relative to `dir` (`ide/resources.json`).
 * A missing directory is an empty one: Onyxia's default directories usually do not exist.
 */
export async function loadSchemaDirectory(dir: string): Promise<Record<string, JSONSchema>> {
  if (!(await isDirectory(dir))) return {};
  const schemas: Record<string, JSONSchema> = {};
  for (const file of await listJsonFiles(dir)) {
    const key = relative(dir, file).split(sep).join("/");
    schemas[key] = await readSchemaFile(file);
  }
  return schemas;
}

/** One map per role: each sub-directory of `dir` is named after a role. */
export async function loadRoleSchemaDirectories(
  dir: string,
): Promise<Record<string, Record<string, JSONSchema>>> {
  if (!(await isDirectory(dir))) return {};
  const byRole: Record<string, Record<string, JSONSchema>> = {};
  for (const entry of await readdir(dir)) {
    if (isHidden(entry)) continue;
    const roleDir = join(dir, entry);
    if (await isDirectory(roleDir)) byRole[entry] = await loadSchemaDirectory(roleDir);
  }
  return byRole;
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    // Kubernetes mounts ConfigMaps with `..data` symlinks and timestamped `..2024_...` copies.
    if (isHidden(entry)) continue;
    const full = join(dir, entry);
    // stat (not lstat): ConfigMap files are symlinks.
    const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new SchemaDirectoryError(
        `schema file ${full}: cannot read it (${error.code ?? error.message})`,
      );
    });
    if (info.isDirectory()) files.push(...(await listJsonFiles(full)));
    else if (info.isFile() && entry.endsWith(".json")) files.push(full);
  }
  return files;
}

async function readSchemaFile(file: string): Promise<JSONSchema> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SchemaDirectoryError(
      `schema file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SchemaDirectoryError(
      `schema file ${file}: invalid JSON (${(error as Error).message})`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SchemaDirectoryError(`schema file ${file}: a JSON Schema must be an object`);
  }
  return parsed as JSONSchema;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new SchemaDirectoryError(
      `schema directory ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

function isHidden(name: string): boolean {
  return name.startsWith(".");
}
