export {
  loadSchemaDirectory,
  loadRoleSchemaDirectories,
  SchemaDirectoryError,
} from "./load-schema-directory.ts";
export { loadSchemaRegistry, type SchemaDirectories } from "./load-schema-registry.ts";
export { loadProfileSchema, PROFILE_SCHEMA_FILE } from "./load-profile-schema.ts";
