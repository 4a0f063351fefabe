// The API's shapes vary slightly between Onyxia versions; pages only see one normalized shape.
import type { Catalog, CatalogsResponse, ChartPackage } from "../../ports/apiTypes.ts";

/** Onyxia serves `catalog.latestPackages`; a flat `latestPackages` is accepted as well. */
export function normalizeCatalogs(response: CatalogsResponse): CatalogsResponse {
  if (!response || !Array.isArray(response.catalogs)) {
    throw new Error('The catalogs answer has no "catalogs" list');
  }
  return {
    catalogs: response.catalogs.map((c): Catalog => ({
      ...c,
      latestPackages: c.catalog?.latestPackages ?? c.latestPackages ?? {},
    })),
  };
}

/** The chart versions endpoint answers a list of chart versions (or `{versions}`); newest first. */
export function normalizeChartVersions(response: unknown): ChartPackage[] {
  const list = Array.isArray(response)
    ? response
    : response &&
        typeof response === "object" &&
        Array.isArray((response as { versions?: unknown }).versions)
      ? (response as { versions: unknown[] }).versions
      : undefined;
  if (!list) throw new Error("The chart versions answer is not a list of versions");
  return list.map((item, i) => {
    if (typeof item === "string") return { name: "", version: item };
    if (
      item &&
      typeof item === "object" &&
      typeof (item as { version?: unknown }).version === "string"
    ) {
      return item as ChartPackage;
    }
    throw new Error(`The chart versions answer has an entry without a version at index ${i}`);
  });
}
