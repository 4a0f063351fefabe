// The chart a request names and its values schema: the chart version looked up in a catalog the
// caller may use (404 naming which of catalog, chart or version is unknown; 503 while the catalog
// loads), its values.schema.json resolved for the caller's roles (their role-specific
// `overwriteSchemaWith` schemas, reference §4.2), and the values checked against it (400
// "Validation failed" with errors[]). The schema route, launches and edits share this, so the
// form and the server agree on the rules.
import {
  checkChartVersion,
  resolveSchema,
  SchemaResolutionError,
  validateValues,
  type CatalogConfig,
  type JSONSchema,
  type LoadedChartVersion,
  type SchemaRegistry,
} from "@onyxia-ts/core";
import type { CatalogRuntime } from "../../catalogs/index.ts";
import { InternalError, InvalidError, NotFoundError } from "../../domain/errors.ts";
import type { User } from "../../user/index.ts";
import { assertCatalogAllowed, isCatalogAllowed } from "../catalogs/catalog-access.ts";

const quote = JSON.stringify;

/** A chart version with the catalog it comes from. */
export interface CatalogChart {
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
): CatalogChart {
  const snapshot = assertCatalogAllowed(catalogs, user, catalogId);
  const versions = snapshot.content?.charts.get(chartName);
  if (!versions || versions.length === 0)
    throw new NotFoundError(`Chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`);
  const chart =
    version === undefined ? versions[0] : versions.find((v) => v.entry.version === version);
  if (!chart)
    throw new NotFoundError(
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

/** The catalog, chart and version a launch or an edit names; a malformed version is a 400 first. */
export function findCatalogChart(
  catalogs: Pick<CatalogRuntime, "get">,
  user: User,
  catalogId: string,
  chartName: string,
  version: string | undefined,
): CatalogChart {
  if (version !== undefined) {
    const check = checkChartVersion(version);
    if (!check.ok)
      throw new InvalidError(
        `Invalid packageVersion ${quote(version.slice(0, 100))}: ${check.reason}`,
        { title: "Invalid name" },
      );
  }
  return findAllowedChart(catalogs, user, catalogId, chartName, version);
}

/** The chart name in some catalog, for releases without an Onyxia secret (legacy); 400 when ambiguous. */
export function findChartAnywhere(
  catalogs: Pick<CatalogRuntime, "get" | "list">,
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
    throw new InvalidError(
      `The service has no catalog recorded and chart ${chartName} ${version} is in ${found.length === 0 ? "no" : "several"} catalog${found.length === 1 ? "" : "s"}`,
    );
  }
  return findCatalogChart(catalogs, user, found[0]!.config.id, chartName, version);
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
    throw new InternalError(
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
  found: CatalogChart,
  registry: SchemaRegistry,
  roles: readonly string[],
  values: unknown,
): void {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new InvalidError("options must be an object of helm values", {
      title: "Validation failed",
      errors: ["/ must be object"],
    });
  }
  const { name, version } = found.chart.entry;
  const where = `chart ${quote(name)} ${version} in catalog ${quote(found.catalog.id)}`;
  const schema = resolvedChartSchema(found.chart, registry, roles, where);
  if (schema === null) return;
  const result = validateValues(schema, values);
  if (!result.valid) {
    throw new InvalidError(
      `The values do not match the schema of ${where}: ${result.errors.join("; ")}`,
      { title: "Validation failed", errors: result.errors },
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
