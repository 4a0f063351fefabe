import type { JSONSchema } from "../schema/types.ts";
import type { ChartActivityDeclaration } from "../idle/chart-activity.ts";
import type { HelmIndexEntry } from "./helm-index.ts";

/**
 * What is kept from a chart archive (top chart only, never its subcharts): what is served or
 * validated against. Chart.yaml (its fields are in the index entry) and the README are not read.
 */
export interface ChartFiles {
  /** `values.schema.json`, parsed; null when the chart has none. */
  valuesSchema: JSONSchema | null;
  /** `values.yaml`, raw text (served as `defaultValues`). */
  valuesYaml: string | null;
}

export interface LoadedChartVersion {
  entry: HelmIndexEntry;
  files: ChartFiles;
  /** The idle-suspend activity signal its Chart.yaml annotations declare (or why they were refused). */
  activity?: ChartActivityDeclaration;
}

/** A loaded catalog's charts: name → kept versions, newest first (index order of names). */
export interface CatalogContent {
  apiVersion: string | undefined;
  generated: string | undefined;
  charts: Map<string, LoadedChartVersion[]>;
}
