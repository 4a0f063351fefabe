import {
  CatalogError,
  chartActivity,
  parseHelmIndex,
  selectChartVersions,
  type CatalogConfig,
  type CatalogContent,
  type ChartFiles,
  type HelmIndexEntry,
  type LoadedChartVersion,
} from "@onyxia-ts/core";
import { ChartFilesPool, readChartArchive } from "./chart-archive.ts";
import type { Validators } from "./http-client.ts";
import type { CatalogSource } from "./sources.ts";

/** What the previous good load left behind, so a refresh can skip unchanged work. */
export interface PreviousLoad {
  content: CatalogContent;
  validators: Validators;
  /** Parsed archives by `archiveCacheKey`. */
  archives: ReadonlyMap<string, ChartFiles>;
}

export interface LoadResult {
  content: CatalogContent;
  validators: Validators;
  archives: Map<string, ChartFiles>;
  /** Chart versions that were skipped, each naming catalog, chart and version. */
  problems: CatalogError[];
  /** The index had not changed: `content` is the previous one. */
  unchanged: boolean;
  downloads: number;
}

export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function archiveCacheKey(location: string, digest: string | undefined): string {
  return `${location}#${digest ?? ""}`;
}

/**
 * Loads one catalog: index (conditional), filter/sort/prune, then each kept version's archive
 * (cached by location + digest, downloads bounded by `limit`). Throws a CatalogError only when
 * the catalog as a whole cannot be read; a bad chart version is reported and skipped.
 */
export async function loadCatalog(
  config: CatalogConfig,
  source: CatalogSource,
  previous: PreviousLoad | undefined,
  limit: Limit,
): Promise<LoadResult> {
  const fail = (e: unknown): never => {
    throw e instanceof CatalogError ? e : new CatalogError(config.id, (e as Error).message);
  };
  const response = await source.readIndex(previous?.validators).catch(fail);
  if (response.notModified) {
    if (previous === undefined)
      fail(new Error("index.yaml answered 304 Not Modified to an unconditional request"));
    const p = previous as PreviousLoad;
    return { ...p, archives: new Map(p.archives), problems: [], unchanged: true, downloads: 0 };
  }

  const { index, problems } = parseHelmIndex(response.text, config.id);
  const selected = selectChartVersions(index, config);
  const archives = new Map<string, ChartFiles>();
  const pool = new ChartFilesPool();
  let downloads = 0;

  const loadVersion = async (entry: HelmIndexEntry): Promise<LoadedChartVersion | undefined> => {
    const where = { chart: entry.name, version: entry.version };
    try {
      const url = entry.urls[0] as string;
      const key = archiveCacheKey(source.describe(url), entry.digest);
      let files = previous?.archives.get(key) ?? archives.get(key);
      if (files === undefined) {
        downloads++;
        files = await limit(async () => readChartArchive(await source.openArchive(url), pool));
      }
      archives.set(key, files);
      // A copy: the parsed entry's strings are slices of the whole index.yaml text, which they
      // would otherwise keep alive.
      const copy = structuredClone(entry);
      const activity = chartActivity(copy.annotations);
      return { entry: copy, files, ...(activity ? { activity } : {}) };
    } catch (e) {
      problems.push(new CatalogError(config.id, (e as Error).message, where));
      return undefined;
    }
  };

  const charts = new Map<string, LoadedChartVersion[]>();
  const loaded = await Promise.all(
    [...selected].map(async ([name, versions]) => {
      const results = await Promise.all(versions.map(loadVersion));
      return [name, results.filter((r): r is LoadedChartVersion => r !== undefined)] as const;
    }),
  );
  for (const [name, versions] of loaded) if (versions.length > 0) charts.set(name, versions);

  return {
    content: { apiVersion: index.apiVersion, generated: index.generated, charts },
    validators: response.validators,
    archives,
    problems,
    unchanged: false,
    downloads,
  };
}
