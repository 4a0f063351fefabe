// A chart version's values.schema.json resolved for one user (their roles pick the role-specific
// `overwriteSchemaWith` schemas, reference §4.2), and install-time validation against it. The GET
// schema route and the install route share this, so the form and the server agree on the rules.
import {
  resolveSchema,
  SchemaResolutionError,
  validateValues,
  type CatalogConfig,
  type JSONSchema,
  type LoadedChartVersion,
  type SchemaRegistry,
} from "@onyxia-ts/core";
import type { CatalogRuntime } from "../catalogs/index.ts";
import { HttpProblem, notFound } from "../http/problem.ts";
import type { User } from "../user/index.ts";
import { assertCatalogAllowed } from "./catalog-access.ts";

const quote = JSON.stringify;

/** A chart version with the catalog it comes from. */
export interface AllowedChart {
  catalog: CatalogConfig;
  chart: LoadedChartVersion;
}

/**
 * The chart version (the newest when `version` is undefined), from a catalog the user may use;
 * 404 naming which of catalog, chart or version is unknown.
 */
export function findAllowedChart(
  catalogs: Pick<CatalogRuntime, "get">,
  user: User | null,
  catalogId: string,
  chartName: string,
  version: string | undefined,
): AllowedChart {
  const snapshot = assertCatalogAllowed(catalogs, user, catalogId);
  const versions = snapshot.content?.charts.get(chartName);
  if (!versions || versions.length === 0)
    throw notFound(`Chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`);
  const chart =
    version === undefined ? versions[0] : versions.find((v) => v.entry.version === version);
  if (!chart)
    throw notFound(
      `Version ${quote(version)} of chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`,
    );
  return { catalog: snapshot.config, chart };
}

/** The chart version, from a catalog the user may use (404 otherwise). */
export function allowedChartVersion(
  catalogs: Pick<CatalogRuntime, "get">,
  user: User | null,
  catalogId: string,
  chartName: string,
  version: string,
): LoadedChartVersion {
  return findAllowedChart(catalogs, user, catalogId, chartName, version).chart;
}

/** The chart's schema resolved for the user's roles; null when the chart has none. 500 when it cannot be resolved. */
export function resolvedChartSchema(
  chart: LoadedChartVersion,
  registry: SchemaRegistry,
  roles: readonly string[],
  where: string,
): JSONSchema | null {
  const schema = chart.files.valuesSchema;
  if (schema === null) return null;
  try {
    return resolveSchema(schema, { registry, roles });
  } catch (error) {
    if (!(error instanceof SchemaResolutionError)) throw error;
    throw new HttpProblem(
      500,
      `The schema of ${where} cannot be resolved: ${error.message} (ref ${quote(error.ref)} at ${error.path || "the root"})`,
      { title: "Invalid chart schema" },
    );
  }
}

/**
 * Install-time check of the values a user sends: 400 "Validation failed" with one message per
 * problem, against the chart's schema as that user's roles see it. Launches and edits use it.
 */
export function assertValuesMatchSchema(
  found: AllowedChart,
  registry: SchemaRegistry,
  roles: readonly string[],
  values: unknown,
): void {
  const { name, version } = found.chart.entry;
  const where = `chart ${quote(name)} ${version} in catalog ${quote(found.catalog.id)}`;
  const schema = resolvedChartSchema(found.chart, registry, roles, where);
  if (schema === null) return;
  const result = validateValues(schema, values);
  if (!result.valid) {
    throw new HttpProblem(
      400,
      `The values do not match the schema of ${where}: ${result.errors.join("; ")}`,
      {
        title: "Validation failed",
        errors: result.errors,
      },
    );
  }
}

/** assertValuesMatchSchema for a chart named by catalog, chart and version (404 when unknown). */
export function assertValuesAllowed(
  deps: { catalogs: Pick<CatalogRuntime, "get">; schemas: SchemaRegistry },
  user: User,
  target: { catalogId: string; chartName: string; version: string },
  values: unknown,
): void {
  const found = findAllowedChart(
    deps.catalogs,
    user,
    target.catalogId,
    target.chartName,
    target.version,
  );
  assertValuesMatchSchema(found, deps.schemas, user.roles, values);
}
