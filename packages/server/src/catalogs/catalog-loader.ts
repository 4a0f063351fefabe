import type { CatalogConfig, ChartFiles, LintFinding } from "@onyxia-ts/core";
import type { HttpClientOptions } from "./http-client.ts";
import { createLimiter } from "./limiter.ts";
import { loadCatalog, type LoadResult, type PreviousLoad } from "./load-catalog.ts";
import { createCatalogSource, type CatalogSource } from "./sources.ts";

/** A catalog load as the runtime receives it, from this process or from a loader process. */
export interface CatalogLoad extends Omit<LoadResult, "problems"> {
  /** Chart versions that were skipped, each message naming catalog, chart and version. */
  problems: string[];
  /** Lint findings of the archives this load parsed, when the loader linted them itself. */
  findings?: ReadonlyMap<ChartFiles, readonly LintFinding[]>;
}

/**
 * Where catalogs are read: in this process (tests, benches), or in a short-lived loader process
 * (`subprocess-loader.ts`, what the server runs) so the load's garbage never touches the server's
 * memory. Either way a catalog that cannot be read as a whole rejects with its message (naming
 * the catalog); a bad chart version is skipped and reported in `problems`.
 */
export interface CatalogLoader {
  load(config: CatalogConfig, previous: PreviousLoad | undefined): Promise<CatalogLoad>;
  /** Aborts what is in flight (those loads reject) and releases sources or the process. */
  close(): Promise<void>;
}

export interface InProcessLoaderOptions {
  http: HttpClientOptions;
  /** Chart archives downloaded at once, across all catalogs. */
  maxConcurrentDownloads: number;
}

/** Loads in this process: one source per catalog (kept for conditional refreshes), one limiter. */
export function createInProcessLoader(options: InProcessLoaderOptions): CatalogLoader {
  const limit = createLimiter(options.maxConcurrentDownloads);
  const sources = new Map<string, CatalogSource>();
  return {
    async load(config, previous) {
      if (config.type !== "helm")
        throw new Error(`catalog "${config.id}": type "${config.type}" is not supported`);
      let source = sources.get(config.id);
      if (source === undefined)
        sources.set(config.id, (source = createCatalogSource(config, options.http)));
      const result = await loadCatalog(config, source, previous, limit);
      return { ...result, problems: result.problems.map((p) => p.message) };
    },
    async close() {
      // Closing the sources aborts in-flight requests, so the loads end quickly.
      await Promise.all([...sources.values()].map((s) => s.close()));
    },
  };
}
