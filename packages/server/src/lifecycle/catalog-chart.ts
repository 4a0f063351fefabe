// The catalog chart a launch or an edit names: 404 saying which of catalog, chart or version is
// unknown; 503 while the catalog loads; the options validated against the schema resolved for
// the caller's roles (400 "Validation failed" with errors[]).
import { checkChartVersion, type SchemaRegistry } from "@onyxia-ts/core";
import type { CatalogRuntime } from "../catalogs/index.ts";
import { HttpProblem } from "../http/problem.ts";
import {
  assertValuesMatchSchema,
  findAllowedChart,
  isCatalogAllowed,
  type AllowedChart,
} from "../security/index.ts";
import type { User } from "../user/index.ts";

export type CatalogChart = AllowedChart;

/** The catalog, chart and version a launch or an edit names; a malformed version is a 400 first. */
export function findCatalogChart(
  catalogs: CatalogRuntime,
  user: User,
  catalogId: string,
  chartName: string,
  version: string | undefined,
): CatalogChart {
  if (version !== undefined) {
    const check = checkChartVersion(version);
    if (!check.ok)
      throw new HttpProblem(
        400,
        `Invalid packageVersion ${JSON.stringify(version.slice(0, 100))}: ${check.reason}`,
        { title: "Invalid name" },
      );
  }
  return findAllowedChart(catalogs, user, catalogId, chartName, version);
}
/** The chart name in some catalog, for releases without an Onyxia secret (legacy); 400 when ambiguous. */
export function findChartAnywhere(
  catalogs: CatalogRuntime,
  user: User,
  chartName: string,
  version: string,
): CatalogChart {
  const found = catalogs
    .list()
    .filter(
      (s) =>
        s.content?.charts.get(chartName)?.some((v) => v.entry.version === version) &&
        isCatalogAllowed(s, user),
    );
  if (found.length !== 1) {
    throw new HttpProblem(
      400,
      `The service has no catalog recorded and chart ${chartName} ${version} is in ${found.length === 0 ? "no" : "several"} catalog${found.length === 1 ? "" : "s"}`,
    );
  }
  return findCatalogChart(catalogs, user, found[0]!.config.id, chartName, version);
}

export function validateOptions(
  found: CatalogChart,
  registry: SchemaRegistry,
  roles: readonly string[],
  options: unknown,
): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new HttpProblem(400, "options must be an object of helm values", {
      title: "Validation failed",
      errors: ["/ must be object"],
    });
  }
  assertValuesMatchSchema(found, registry, roles, options);
}
