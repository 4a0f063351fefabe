export {
  createSchemaRegistry,
  type SchemaRegistry,
  type SchemaRegistrySources,
  type SchemaMap,
} from "./schema-registry.ts";
export { builtInSchemas } from "./built-in/index.ts";
