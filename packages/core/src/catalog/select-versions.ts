import type { CatalogConfig } from "./config-types.ts";
import type { HelmIndex, HelmIndexEntry } from "./helm-index.ts";
import { isChartKept } from "./filters.ts";
import { pruneVersions, sortVersionsDescending } from "./versions.ts";

/**
 * Steps 2–4 of the loading algorithm: filter charts, sort versions newest first, prune them.
 * Returns chart name → kept versions (newest first); charts are in index order.
 */
export function selectChartVersions(
  index: HelmIndex,
  config: CatalogConfig,
): Map<string, HelmIndexEntry[]> {
  const selected = new Map<string, HelmIndexEntry[]>();
  for (const [name, versions] of index.entries) {
    const sorted = sortVersionsDescending(versions);
    const latest = sorted[0];
    if (latest === undefined || !isChartKept(name, latest, config)) continue;
    selected.set(
      name,
      pruneVersions(sorted, config.multipleServicesMode, config.maxNumberOfVersions),
    );
  }
  return selected;
}
