export {
  loadConfig,
  exampleCatalog,
  type LoadConfigOptions,
  type LoadedConfig,
} from "./load-config.ts";
export { detectOwnNamespace } from "./own-namespace.ts";
export { repoRoot, defaultWebDistDirectory, exampleCatalogDirectory } from "./paths.ts";
export { readWebEnv, injectIntoIndexHtml, type WebEnv } from "./web-env.ts";
