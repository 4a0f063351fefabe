// Server configuration: Onyxia-compatible keys, validation with key-path errors, defaults.
export * from "./types.ts";
export * from "./region-types.ts";
export { ConfigError } from "./config-error.ts";
export { parseConfigText } from "./parse-text.ts";
export { resolveConfig, type ConfigSources } from "./resolve-config.ts";
export { PROPERTIES, type PropertyDef } from "./properties.ts";
export { DEFAULT_CONFIGURATION_REFUSAL } from "./region-shape.ts";
export { CATALOG_ID_PATTERN } from "./catalog-shape.ts";
export {
  ASYMMETRIC_JWS_ALGORITHMS,
  DEFAULT_BASE_PATH,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CATALOGS_REFRESH_MS,
  DEFAULT_HOST,
  DEFAULT_NODE_POOL_LABEL,
  DEFAULT_PORT,
  defaultRawRegion,
} from "./defaults.ts";
