// The catalog chart a launch or an edit names: 404 saying which of catalog, chart or version is
// unknown; 503 while the catalog loads; the options validated against the schema resolved for
// the caller's roles (400 "Validation failed" with errors[]).
import {
  checkChartVersion,
  validateValues,
  type CatalogConfig,
  type LoadedChartVersion,
  type SchemaRegistry,
} from "@onyxia-ts/core";
import type { CatalogRuntime } from "../catalogs/index.ts";
import { HttpProblem, notFound } from "../http/problem.ts";
import { assertCatalogAllowed, isCatalogAllowed, resolvedChartSchema } from "../security/index.ts";
import type { User } from "../user/index.ts";

const q = JSON.stringify;

export interface CatalogChart {
  catalog: CatalogConfig;
  chart: LoadedChartVersion;
}

export function findCatalogChart(
  catalogs: CatalogRuntime,
  user: User,
  catalogId: string,
  chartName: string,
  version: string | undefined,
): CatalogChart {
  const snapshot = assertCatalogAllowed(catalogs, user, catalogId);
  const versions = snapshot.content?.charts.get(chartName);
  if (!versions || versions.length === 0)
    throw notFound(`Chart ${q(chartName)} not found in catalog ${q(catalogId)}`);
  if (version !== undefined) {
    const check = checkChartVersion(version);
    if (!check.ok)
      throw new HttpProblem(
        400,
        `Invalid packageVersion ${q(version.slice(0, 100))}: ${check.reason}`,
        { title: "Invalid name" },
      );
  }
  const chart =
    version === undefined ? versions[0] : versions.find((v) => v.entry.version === version);
  if (!chart)
    throw notFound(
      `Version ${q(version)} of chart ${q(chartName)} not found in catalog ${q(catalogId)}`,
    );
  return { catalog: snapshot.config, chart };
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
  const { name, version } = found.chart.entry;
  const resolved = resolvedChartSchema(
    found.chart,
    registry,
    roles,
    `chart ${q(name)} ${version} in catalog ${q(found.catalog.id)}`,
  );
  if (resolved === null) return;
  const result = validateValues(resolved, options);
  if (!result.valid) {
    throw new HttpProblem(
      400,
      `The options do not match the schema of ${found.chart.entry.name} ${found.chart.entry.version}: ${result.errors.join("; ")}`,
      {
        title: "Validation failed",
        errors: result.errors,
      },
    );
  }
}
