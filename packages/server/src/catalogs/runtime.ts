import {
  passesRestrictions,
  type CatalogConfig,
  type LoadedChartVersion,
  type UserAttributes,
} from "@onyxia-ts/core";
import { createInProcessLoader, type CatalogLoader } from "./catalog-loader.ts";
import { createCatalogLinter, type CatalogLintSummary } from "./catalog-lint.ts";
import type { PreviousLoad } from "./load-catalog.ts";
import { precomputeBody, type PrecomputedBody } from "../shared/precomputed-body.ts";
import { silentLogger, type CatalogLogger } from "./logger.ts";
import { buildSnapshot, type CatalogSnapshot, type CatalogStatus } from "./snapshot.ts";
import { createSubprocessLoader, type LoaderProcessOptions } from "./subprocess-loader.ts";

export interface CatalogRuntimeOptions {
  /** Period of the background refresh (Onyxia `catalogs.refresh.ms`); 0 disables it. */
  refreshMs?: number;
  logger?: CatalogLogger;
  /** HTTP timeout for index and archive requests. */
  fetchTimeoutMs?: number;
  /** Chart archives downloaded at once, across all catalogs. */
  maxConcurrentDownloads?: number;
  /** Folder of the catalogs' `caFile`s; defaults to env `CACERTS_DIR`. */
  caCertsDir?: string;
  /** After each load of a catalog, whether it succeeded (metrics). */
  onLoaded?: (catalogId: string, ok: boolean) => void;
  /** Load in a child process started for each load or refresh (what the server does: the
   * load's garbage stays there, see loader-process.ts); default: in this process. */
  loaderProcess?: LoaderProcessOptions;
  /** After a load or refresh in which some catalog's content changed (and its lint ran): the
   * moment the load's garbage can go (main.ts runs a memory-reducing collection there). */
  afterChange?: () => void;
}

export interface CatalogHealth {
  id: string;
  status: CatalogStatus;
  lastUpdateTime: number;
  error?: string;
  /** Catalog lint findings of the kept chart versions (absent until the first good load). */
  lint?: CatalogLintSummary;
}

export interface CatalogRuntime {
  /** Loads every catalog concurrently, then refreshes every `refreshMs`. Never rejects. */
  start(): Promise<void>;
  /** Reloads every catalog now (also what the periodic refresh calls). */
  refresh(): Promise<void>;
  stop(): Promise<void>;
  list(): CatalogSnapshot[];
  get(catalogId: string): CatalogSnapshot | undefined;
  getChartVersions(catalogId: string, chartName: string): readonly LoadedChartVersion[] | undefined;
  getChart(catalogId: string, chartName: string, version: string): LoadedChartVersion | undefined;
  /** `{"catalogs":[…]}` for this user, precomputed; `null` = anonymous (`/public/catalogs`). */
  catalogsJsonText(user: UserAttributes): string;
  /** The same body as bytes, with an ETag and a gzip variant: see `sendPrecomputed`. */
  catalogsBody(user: UserAttributes): PrecomputedBody;
  health(): CatalogHealth[];
  /** True once every catalog loaded at least once (Onyxia's healthcheck rule). */
  isHealthy(): boolean;
}

interface CatalogState {
  config: CatalogConfig;
  snapshot: CatalogSnapshot;
  previous: PreviousLoad | undefined;
  running: Promise<boolean> | undefined;
  lint?: CatalogLintSummary;
}

export function createCatalogRuntime(
  configs: readonly CatalogConfig[],
  options: CatalogRuntimeOptions = {},
): CatalogRuntime {
  const logger = options.logger ?? silentLogger;
  const linter = createCatalogLinter(logger);
  const loaderOptions = {
    http: { timeoutMs: options.fetchTimeoutMs ?? 30_000, caCertsDir: options.caCertsDir },
    maxConcurrentDownloads: options.maxConcurrentDownloads ?? 8,
  };
  const loader: CatalogLoader = options.loaderProcess
    ? createSubprocessLoader({ ...loaderOptions, ...options.loaderProcess })
    : createInProcessLoader(loaderOptions);
  const ids = new Set<string>();
  for (const c of configs) {
    if (ids.has(c.id)) throw new Error(`catalog "${c.id}" is configured twice`);
    ids.add(c.id);
  }
  const states = new Map<string, CatalogState>(
    configs.map((config) => [
      config.id,
      {
        config,
        snapshot: buildSnapshot(config, { status: "loading", lastUpdateTime: 0 }),
        previous: undefined,
        running: undefined,
      },
    ]),
  );
  const listed = new CatalogListCache(() => [...states.values()].map((s) => s.snapshot));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const swap = (state: CatalogState, snapshot: CatalogSnapshot) => {
    state.snapshot = snapshot;
    listed.invalidate();
  };

  /** Resolves true when the catalog's content changed (a new good load). */
  async function loadOne(state: CatalogState): Promise<boolean> {
    const { config } = state;
    const started = Date.now();
    try {
      const result = await loader.load(config, state.previous);
      const problems = result.problems;
      for (const p of problems) logger.warn(p);
      // After a partial load, skip the conditional request next time so failed charts are retried.
      state.previous = {
        content: result.content,
        validators: problems.length === 0 ? result.validators : {},
        archives: result.archives,
      };
      swap(
        state,
        buildSnapshot(config, {
          status: "loaded",
          lastUpdateTime: Date.now(),
          content: result.content,
          problems,
        }),
      );
      options.onLoaded?.(config.id, true);
      // After the swap: the new content is served while the lint runs.
      if (result.findings) linter.remember(result.findings);
      state.lint = await linter.lint(config.id, result.content);
      logger.info(
        `catalog "${config.id}": ${result.unchanged ? "unchanged" : "loaded"}, ${result.content.charts.size} charts, ` +
          `${result.downloads} archives downloaded, ${problems.length} skipped, in ${Date.now() - started} ms`,
      );
      return !result.unchanged;
    } catch (e) {
      const message = (e as Error).message;
      const error = message.startsWith(`catalog "${config.id}"`)
        ? message
        : `catalog "${config.id}": ${message}`;
      const before = state.snapshot;
      // Keep serving the last good content; a catalog that never loaded is reported as failed.
      swap(
        state,
        buildSnapshot(config, {
          status: before.lastUpdateTime > 0 ? "loaded" : "failed",
          lastUpdateTime: before.lastUpdateTime,
          content: before.content,
          problems: before.problems,
          error,
        }),
      );
      logger.error(before.lastUpdateTime > 0 ? `${error} (keeping the previous version)` : error);
      options.onLoaded?.(config.id, false);
      return false;
    }
  }

  function loadGuarded(state: CatalogState): Promise<boolean> {
    if (stopped) return Promise.resolve(false);
    // One load per catalog at a time: a slow catalog is not loaded twice in parallel.
    state.running ??= loadOne(state).finally(() => {
      state.running = undefined;
    });
    return state.running;
  }

  const refresh = async () => {
    const changed = await Promise.all([...states.values()].map(loadGuarded));
    if (changed.some(Boolean) && !stopped) options.afterChange?.();
  };

  return {
    async start() {
      await refresh();
      const refreshMs = options.refreshMs ?? 0;
      if (refreshMs > 0 && !stopped) {
        timer = setInterval(() => void refresh(), refreshMs);
        timer.unref();
      }
    },
    refresh,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      // Closing the loader first aborts in-flight loads, so the ones below end quickly.
      await loader.close();
      await Promise.all([...states.values()].map((s) => s.running));
    },
    list: () => [...states.values()].map((s) => s.snapshot),
    get: (id) => states.get(id)?.snapshot,
    getChartVersions: (id, chart) => states.get(id)?.snapshot.content?.charts.get(chart),
    getChart: (id, chart, version) =>
      states
        .get(id)
        ?.snapshot.content?.charts.get(chart)
        ?.find((v) => v.entry.version === version),
    catalogsJsonText: (user) => listed.bodyFor(user).text,
    catalogsBody: (user) => listed.bodyFor(user),
    health: () =>
      [...states.values()].map(({ snapshot: s, lint }) => ({
        id: s.config.id,
        status: s.status,
        lastUpdateTime: s.lastUpdateTime,
        ...(s.error !== undefined ? { error: s.error } : {}),
        ...(lint !== undefined ? { lint } : {}),
      })),
    isHealthy: () => [...states.values()].every((s) => s.snapshot.lastUpdateTime > 0),
  };
}

/**
 * The `{"catalogs":[…]}` body, joined from each snapshot's precomputed text. Users only differ
 * by which restricted catalogs they see, so bodies are cached by that visible set.
 */
class CatalogListCache {
  private byVisibleSet = new Map<string, PrecomputedBody>();
  constructor(private readonly snapshots: () => CatalogSnapshot[]) {}

  invalidate(): void {
    this.byVisibleSet = new Map();
  }

  bodyFor(user: UserAttributes): PrecomputedBody {
    const all = this.snapshots();
    const visible = all.map((s) => passesRestrictions(s.config.restrictions, user));
    const key = visible.map((v) => (v ? "1" : "0")).join("");
    let body = this.byVisibleSet.get(key);
    if (body === undefined) {
      const parts = all.filter((_, i) => visible[i]).map((s) => s.jsonText);
      body = precomputeBody(`{"catalogs":[${parts.join(",")}]}`);
      this.byVisibleSet.set(key, body);
    }
    return body;
  }
}
