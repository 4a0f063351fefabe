// Catalog runtime: loads Helm repositories (http(s) or a local folder) and serves snapshots.
export { createCatalogRuntime } from "./runtime.ts";
export type { CatalogRuntime, CatalogRuntimeOptions, CatalogHealth } from "./runtime.ts";
export type { CatalogSnapshot, CatalogStatus } from "./snapshot.ts";
export type { CatalogLogger } from "./logger.ts";
export type { CatalogLintSummary } from "./catalog-lint.ts";
export { loaderProcessBeside, type LoaderProcessOptions } from "./subprocess-loader.ts";
export { readChartArchive } from "./chart-archive.ts";
