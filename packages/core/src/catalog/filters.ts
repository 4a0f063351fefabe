import type { CatalogConfig } from "./config-types.ts";
import type { HelmIndexEntry } from "./helm-index.ts";

type FilterConfig = Pick<
  CatalogConfig,
  | "excludedCharts"
  | "includeKeywords"
  | "excludeKeywords"
  | "includeAnnotations"
  | "excludeAnnotations"
>;

/**
 * Whether a chart stays in the catalog. Like Onyxia, keywords and annotations are read on the
 * chart's latest version (`latest`); an empty include list means "everything".
 */
export function isChartKept(name: string, latest: HelmIndexEntry, config: FilterConfig): boolean {
  const lowerName = name.toLowerCase();
  if (config.excludedCharts.some((c) => c.toLowerCase() === lowerName)) return false;

  const keywords = new Set(latest.keywords ?? []);
  if (config.includeKeywords.length > 0 && !config.includeKeywords.some((k) => keywords.has(k)))
    return false;
  if (config.excludeKeywords.some((k) => keywords.has(k))) return false;

  const annotations = latest.annotations ?? {};
  const hasAnnotation = ([key, value]: [string, string]) => annotations[key] === value;
  const include = Object.entries(config.includeAnnotations);
  if (include.length > 0 && !include.some(hasAnnotation)) return false;
  if (Object.entries(config.excludeAnnotations).some(hasAnnotation)) return false;
  return true;
}
