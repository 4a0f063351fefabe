import { builtInSchemas, createSchemaRegistry, type SchemaRegistry } from "@onyxia-ts/core";
import { loadRoleSchemaDirectories, loadSchemaDirectory } from "./load-schema-directory.ts";

export interface SchemaDirectories {
  /** `external.schema.directory` (Onyxia's default: /external-schemas). */
  adminDirectory?: string;
  /** `role.schema.directory` (Onyxia's default: /role-schemas). */
  roleDirectory?: string;
}

/**
 * The registry for `/public/schemas` and chart resolution: built-in schemas, overlaid with the
 * admin and role directories. Build it once at startup: resolveSchema memoizes per registry.
 */
export async function loadSchemaRegistry(directories: SchemaDirectories): Promise<SchemaRegistry> {
  const [admin, roles] = await Promise.all([
    directories.adminDirectory === undefined ? {} : loadSchemaDirectory(directories.adminDirectory),
    directories.roleDirectory === undefined
      ? {}
      : loadRoleSchemaDirectories(directories.roleDirectory),
  ]);
  return createSchemaRegistry({ builtIn: builtInSchemas, admin, roles });
}
