/// <reference types="node" />
// Reads every chart of the shared real catalogs (index.yaml + Chart.yaml, values.yaml, values.schema.json).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { JSONSchema, JsonValue } from "../../src/schema/types.ts";
import type { ChartDependency } from "../../src/form/index.ts";
import { SHARED_CATALOGS_DIR } from "../../../../testing/shared-dir.ts";

export const CATALOGS_DIR = SHARED_CATALOGS_DIR;

export interface RealChart {
  id: string;
  schema: JSONSchema;
  valuesYaml: JsonValue;
  dependencies: ChartDependency[];
}

export function loadRealCharts(): RealChart[] {
  const charts: RealChart[] = [];
  for (const catalog of readdirSync(CATALOGS_DIR).sort()) {
    const chartsDir = join(CATALOGS_DIR, catalog, "charts");
    if (!existsSync(chartsDir)) continue;
    for (const name of readdirSync(chartsDir).sort()) {
      const dir = join(chartsDir, name);
      const chartYaml = parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as {
        dependencies?: ChartDependency[];
      };
      charts.push({
        id: `${catalog}/${name}`,
        schema: JSON.parse(readFileSync(join(dir, "values.schema.json"), "utf8")) as JSONSchema,
        valuesYaml: (parse(readFileSync(join(dir, "values.yaml"), "utf8")) ?? {}) as JsonValue,
        dependencies: chartYaml.dependencies ?? [],
      });
    }
  }
  return charts;
}
