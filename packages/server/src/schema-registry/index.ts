export {
  loadSchemaDirectory,
  loadRoleSchemaDirectories,
  SchemaDirectoryError,
} from "./load-schema-directory.ts";
export { loadSchemaRegistry, type SchemaDirectories } from "./load-schema-registry.ts";
