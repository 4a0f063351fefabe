export type * from "./types.ts";
export {
  resolveSchema,
  MAX_RESOLVED_NODES,
  type ResolveSchemaOptions,
  type SchemaLookup,
} from "./resolve-schema.ts";
export { validateValues, type ValuesValidation } from "./validate-values.ts";
export { SchemaResolutionError, InvalidSchemaError } from "./errors.ts";
export { ONYXIA_ANNOTATION_KEYWORDS } from "./onyxia-keywords.ts";
export { MAX_VALUES_DEPTH, tooDeepPath } from "./values-depth.ts";
