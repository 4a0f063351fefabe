import type { JSONSchema, JsonValue } from "@onyxia-ts/core";
import { parse } from "yaml";
import { getCatalogs } from "../../api/cachedCatalogs.ts";
import { api } from "../../api/endpoints.ts";
import { normalizeChartVersions } from "../../api/normalize.ts";
import type { Catalog, ChartPackage } from "../../api/types.ts";
import { useAsync } from "../../api/useAsync.ts";
import { pickDefaultVersion } from "./launcherLogic.ts";

export interface ChartData {
  catalog: Catalog;
  versions: ChartPackage[];
  defaultVersion: string | undefined;
}

/** The catalog (repo URL, name) and the chart's versions, newest first. */
export function useChartData(
  catalogId: string,
  chartName: string,
  loggedIn: boolean,
  projectId: string | undefined,
) {
  return useAsync(
    async (signal): Promise<ChartData> => {
      const [{ catalogs }, versionsAnswer] = await Promise.all([
        getCatalogs(loggedIn, projectId),
        api.chartVersions(catalogId, chartName, signal),
      ]);
      const catalog = catalogs.find((c) => c.id === catalogId);
      if (!catalog) throw new Error(`There is no catalog "${catalogId}"`);
      const versions = normalizeChartVersions(versionsAnswer);
      if (versions.length === 0)
        throw new Error(`Chart "${chartName}" of catalog "${catalogId}" has no version`);
      return {
        catalog,
        versions,
        defaultVersion: pickDefaultVersion(versions.map((v) => v.version)),
      };
    },
    [catalogId, chartName, loggedIn, projectId],
  );
}

export interface VersionData {
  schema: JSONSchema;
  /** Parsed values.yaml (undefined when the API does not send it). */
  valuesYaml: JsonValue | undefined;
  chart: ChartPackage;
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
export function useVersionData(
  catalogId: string,
  chartName: string,
  data: ChartData | undefined,
  version: string | undefined,
) {
  return useAsync(
    async (signal): Promise<VersionData | undefined> => {
      if (!data || !version) return undefined;
      const schema = await api.chartSchema(catalogId, chartName, version, signal);
      // The versions list carries each version's Chart.yaml fields; the catalog only the latest.
      const fromVersions = data.versions.find((v) => v.version === version);
      const latest = data.catalog.latestPackages[chartName];
      const chart: ChartPackage = {
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
    },
    [catalogId, chartName, data, version],
  );
}
