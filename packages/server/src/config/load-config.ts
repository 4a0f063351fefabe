// Reads the configuration: the file named by ONYXIA_CONFIG (YAML or JSON), then environment
// variables, which override it (see packages/core/src/config/properties.ts for the names).
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  ConfigError,
  parseConfigText,
  resolveConfig,
  type RawCatalogConfig,
  type ResolvedConfig,
} from "@onyxia-ts/core";
import { exampleCatalogDirectory } from "./paths.ts";

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Catalogs used when none is configured; defaults to the bundled example catalog. */
  defaultCatalogs?: RawCatalogConfig[];
}

export interface LoadedConfig extends ResolvedConfig {
  /** The absolute path of the file read, if any. */
  configFile: string | undefined;
}

export function exampleCatalog(): RawCatalogConfig {
  return {
    id: "examples",
    name: "Examples",
    description: "Example charts bundled with onyxia-ts (a local Helm repository).",
    location: exampleCatalogDirectory,
    status: "PROD",
    highlightedCharts: ["vscode-lite", "postgres-lite", "dashboard"],
    multipleServicesMode: "all",
  };
}

/** Throws ConfigError (one line per problem, naming the file and key) when anything is wrong. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const configFile = env.ONYXIA_CONFIG ? path.resolve(env.ONYXIA_CONFIG) : undefined;
  let file: { name: string; data: unknown } | undefined;
  if (configFile) {
    let text: string;
    try {
      text = readFileSync(configFile, "utf8");
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "file not found"
          : (error as Error).message;
      throw new ConfigError([`ONYXIA_CONFIG=${configFile}: ${reason}`]);
    }
    file = { name: configFile, data: parseConfigText(text, configFile) };
  }
  const { ONYXIA_CONFIG: _file, ...rest } = env;
  const resolved = resolveConfig({
    env: rest,
    defaultCatalogs: options.defaultCatalogs ?? [exampleCatalog()],
    ...(file ? { file } : {}),
  });
  // A relative local catalog location means "next to the config file", not "wherever we started".
  const baseDir = configFile ? path.dirname(configFile) : process.cwd();
  for (const catalog of resolved.config.catalogs) {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(catalog.location) && !path.isAbsolute(catalog.location)) {
      catalog.location = path.resolve(baseDir, catalog.location);
    }
  }
  for (const key of ["externalDirectory", "roleDirectory", "profileDirectory"] as const) {
    const dir = resolved.config.schemas[key];
    if (dir !== undefined) resolved.config.schemas[key] = path.resolve(baseDir, dir);
  }
  return { ...resolved, configFile };
}
