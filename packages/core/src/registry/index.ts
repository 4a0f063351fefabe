export {
  createSchemaRegistry,
  type SchemaRegistry,
  type SchemaRegistrySources,
  type SchemaMap,
} from "./schema-registry.ts";
