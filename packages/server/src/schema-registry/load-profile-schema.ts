// Reads the declarative user-profile schema (`profile.schema.directory`, reference §9): the file
// named `default` in that folder, JSON. No folder or no file means "no profile form", as
// onyxia-api; a file that is there but not a JSON object is a configuration error.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { JSONSchema } from "@onyxia-ts/core";
import { SchemaDirectoryError } from "./load-schema-directory.ts";

export const PROFILE_SCHEMA_FILE = "default";

export async function loadProfileSchema(
  directory: string | undefined,
): Promise<JSONSchema | undefined> {
  if (directory === undefined) return undefined;
  const file = join(directory, PROFILE_SCHEMA_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new SchemaDirectoryError(
      `profile schema ${file}: cannot read it (${code ?? String(error)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SchemaDirectoryError(
      `profile schema ${file}: invalid JSON (${(error as Error).message})`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new SchemaDirectoryError(`profile schema ${file}: a JSON Schema must be an object`);
  const schema = parsed as JSONSchema;
  if (schema.type !== undefined && schema.type !== "object")
    throw new SchemaDirectoryError(
      `profile schema ${file}: the profile is an object of values, so "type" must be "object" (found ${JSON.stringify(schema.type)})`,
    );
  return schema;
}
