// What the launcher loads before it can show a form: the catalog and the chart's versions, then
// the resolved schema and values.yaml of the chosen version.
import type { CatalogWrapperJson, ChartJson, JSONSchema, JsonValue } from "@onyxia-ts/core";
import { parse } from "yaml";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type { CatalogsUseCase } from "../catalogs/catalogsStore.ts";
import { pickDefaultVersion } from "./launcherLogic.ts";

export interface ChartData {
  catalog: CatalogWrapperJson;
  versions: ChartJson[];
  defaultVersion: string | undefined;
}

export interface VersionData {
  schema: JSONSchema;
  /** Parsed values.yaml (undefined when the API does not send it). */
  valuesYaml: JsonValue | undefined;
  chart: ChartJson;
}

export interface ChartDataDeps {
  api: Pick<OnyxiaApi, "chartVersions" | "chartSchema">;
  catalogs: CatalogsUseCase;
}

/** The catalog (repo URL, name) and the chart's versions, newest first. */
export async function loadChartData(
  deps: ChartDataDeps,
  request: {
    catalogId: string;
    chartName: string;
    loggedIn: boolean;
    projectId: string | undefined;
  },
  signal?: AbortSignal,
): Promise<ChartData> {
  const { catalogId, chartName } = request;
  const [{ catalogs }, versions] = await Promise.all([
    deps.catalogs.get(request.loggedIn, request.projectId),
    deps.api.chartVersions(catalogId, chartName, signal),
  ]);
  const catalog = catalogs.find((c) => c.id === catalogId);
  if (!catalog) throw new Error(`There is no catalog "${catalogId}"`);
  if (versions.length === 0)
    throw new Error(`Chart "${chartName}" of catalog "${catalogId}" has no version`);
  return {
    catalog,
    versions,
    defaultVersion: pickDefaultVersion(versions.map((v) => v.version)),
  };
}

function parseValuesYaml(text: string | undefined, where: string): JsonValue | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return parse(text) as JsonValue;
  } catch (error) {
    throw new Error(
      `The values.yaml of ${where} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The resolved schema and values.yaml of one version. */
export async function loadVersionData(
  deps: ChartDataDeps,
  request: { catalogId: string; chartName: string; data: ChartData; version: string },
  signal?: AbortSignal,
): Promise<VersionData> {
  const { catalogId, chartName, data, version } = request;
  const schema = await deps.api.chartSchema(catalogId, chartName, version, signal);
  // The versions list carries each version's Chart.yaml fields; the catalog only the latest.
  const fromVersions = data.versions.find((v) => v.version === version);
  const latest = data.catalog.catalog.latestPackages[chartName];
  const chart: ChartJson = {
    urls: [],
    defaultValues: "",
    ...(latest?.version === version ? latest : {}),
    ...fromVersions,
    name: chartName,
    version,
  };
  return {
    schema,
    chart,
    valuesYaml: parseValuesYaml(chart.defaultValues, `${catalogId}/${chartName} ${version}`),
  };
}
