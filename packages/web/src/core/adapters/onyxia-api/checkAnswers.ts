// Checks that the answers the pages depend on have the contract's shape (core's api/), so a
// server that answers something else fails with a message naming what is missing.
import type { CatalogsResponse, ChartJson, ChartVersionsResponse } from "@onyxia-ts/core";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Each catalog carries its charts under `catalog.latestPackages` (Onyxia's CatalogWrapper). */
export function checkCatalogs(response: unknown): CatalogsResponse {
  if (!isRecord(response) || !Array.isArray(response["catalogs"])) {
    throw new Error('The catalogs answer has no "catalogs" list');
  }
  response["catalogs"].forEach((c: unknown, i) => {
    const packages = isRecord(c) && isRecord(c["catalog"]) ? c["catalog"]["latestPackages"] : 0;
    if (!isRecord(packages))
      throw new Error(`The catalogs answer has no "catalog.latestPackages" in catalog ${i}`);
  });
  return response as unknown as CatalogsResponse;
}

/** The chart versions endpoint answers a list of chart versions, newest first. */
export function checkChartVersions(response: unknown): ChartVersionsResponse {
  if (!Array.isArray(response)) throw new Error("The chart versions answer is not a list");
  response.forEach((item: unknown, i) => {
    if (!isRecord(item) || typeof item["version"] !== "string")
      throw new Error(`The chart versions answer has an entry without a version at index ${i}`);
  });
  return response as ChartJson[];
}
