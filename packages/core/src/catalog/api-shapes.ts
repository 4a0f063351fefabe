import type { CatalogConfig, CatalogVisibility, LocalizedString } from "./config-types.ts";
import type { CatalogContent, LoadedChartVersion } from "./content.ts";
import type { HelmIndexEntry } from "./helm-index.ts";

/** A chart version as the API serves it: the index fields, any extra field, and `defaultValues`. */
export type ChartJson = HelmIndexEntry & { defaultValues: string };

/** One catalog as `/my-lab/catalogs` serves it: never `entries`, credentials or `restrictions`. */
export interface CatalogWrapperJson {
  id: string;
  name: LocalizedString;
  description?: LocalizedString;
  maintainer?: string;
  location: string;
  status: CatalogConfig["status"];
  lastUpdateTime: number;
  scm?: string;
  type: string;
  highlightedCharts: string[];
  excludedCharts: string[];
  includeKeywords: string[];
  excludeKeywords: string[];
  includeAnnotations: Record<string, string>;
  excludeAnnotations: Record<string, string>;
  multipleServicesMode: CatalogConfig["multipleServicesMode"];
  maxNumberOfVersions: number;
  skipTlsVerify: boolean;
  caFile: string | null;
  timeout: string | null;
  allowSharing: boolean;
  visible: CatalogVisibility;
  catalog: {
    apiVersion?: string;
    generated?: string;
    /** Chart name → its newest kept version. */
    latestPackages: Record<string, ChartJson>;
  };
}

export function toChartJson(chart: LoadedChartVersion): ChartJson {
  return { ...chart.entry, defaultValues: chart.files.valuesYaml ?? "" };
}

/** Builds the served shape; `lastUpdateTime` is epoch milliseconds (0 = never loaded). */
export function toCatalogWrapperJson(
  config: CatalogConfig,
  content: CatalogContent | undefined,
  lastUpdateTime: number,
): CatalogWrapperJson {
  const latestPackages: Record<string, ChartJson> = {};
  for (const [name, versions] of content?.charts ?? []) {
    const latest = versions[0];
    if (latest) latestPackages[name] = toChartJson(latest);
  }
  const json: CatalogWrapperJson = {
    id: config.id,
    name: config.name,
    location: withoutUserInfo(config.location),
    status: config.status,
    lastUpdateTime,
    type: config.type,
    highlightedCharts: config.highlightedCharts,
    excludedCharts: config.excludedCharts,
    includeKeywords: config.includeKeywords,
    excludeKeywords: config.excludeKeywords,
    includeAnnotations: config.includeAnnotations,
    excludeAnnotations: config.excludeAnnotations,
    multipleServicesMode: config.multipleServicesMode,
    maxNumberOfVersions: config.maxNumberOfVersions,
    skipTlsVerify: config.skipTlsVerify,
    caFile: config.caFile,
    timeout: config.timeout,
    allowSharing: config.allowSharing,
    visible: config.visible,
    catalog: { latestPackages },
  };
  if (config.description !== undefined) json.description = config.description;
  if (config.maintainer !== undefined) json.maintainer = config.maintainer;
  if (config.scm !== undefined) json.scm = config.scm;
  if (content?.apiVersion !== undefined) json.catalog.apiVersion = content.apiVersion;
  if (content?.generated !== undefined) json.catalog.generated = content.generated;
  return json;
}

/** A location such as https://user:secret@host/ must not leak its credentials in the API. */
export function withoutUserInfo(location: string): string {
  return location.replace(/^(https?:\/\/)[^/?#]*@/i, "$1");
}
