import {
  toCatalogWrapperJson,
  toChartJson,
  type CatalogConfig,
  type CatalogContent,
  type CatalogWrapperJson,
  type LoadedChartVersion,
} from "@onyxia-ts/core";

export type CatalogStatus = "loaded" | "loading" | "failed";

/**
 * An immutable view of one catalog. The runtime swaps whole snapshots, so a reader never sees
 * a half-loaded catalog. `json`/`jsonText` are what `/my-lab/catalogs` serves for it.
 */
export interface CatalogSnapshot {
  readonly config: CatalogConfig;
  readonly status: CatalogStatus;
  /** Epoch ms of the last good load; 0 when it never loaded. */
  readonly lastUpdateTime: number;
  /** Why the last load failed (the snapshot keeps the previous good content, if any). */
  readonly error: string | undefined;
  /** Chart versions skipped by the last load. */
  readonly problems: readonly string[];
  readonly content: CatalogContent | undefined;
  readonly json: CatalogWrapperJson;
  readonly jsonText: string;
  /** `Chart[]` JSON of a chart's kept versions, newest first; undefined for an unknown chart. */
  chartVersionsJsonText(chartName: string): string | undefined;
}

export function buildSnapshot(
  config: CatalogConfig,
  state: {
    status: CatalogStatus;
    lastUpdateTime: number;
    error?: string | undefined;
    problems?: readonly string[];
    content?: CatalogContent | undefined;
  },
): CatalogSnapshot {
  const json = toCatalogWrapperJson(config, state.content, state.lastUpdateTime);
  const versionsJson = new Map<string, string>();
  const content = state.content;
  return {
    config,
    status: state.status,
    lastUpdateTime: state.lastUpdateTime,
    error: state.error,
    problems: state.problems ?? [],
    content,
    json,
    jsonText: JSON.stringify(json),
    chartVersionsJsonText(chartName) {
      const cached = versionsJson.get(chartName);
      if (cached !== undefined) return cached;
      const versions: LoadedChartVersion[] | undefined = content?.charts.get(chartName);
      if (versions === undefined) return undefined;
      const text = JSON.stringify(versions.map(toChartJson));
      versionsJson.set(chartName, text);
      return text;
    },
  };
}
