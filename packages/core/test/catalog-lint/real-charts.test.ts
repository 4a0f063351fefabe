/// <reference types="node" />
// The catalog lint on every chart of both shared catalogs (each chart folder holds one version)
// and on our example charts: the exact set of findings, so a new finding (or a lint rule that
// stops firing) fails here. No errors: nothing there makes Onyxia's web throw. Each warning is
// listed with why it is acceptable:
//
// | finding | charts | why it is acceptable |
// |---|---|---|
// | overwriteSchemaWith `<chart>/ingress.json`, `ide/password` (no `.json`) not in the registry | airflow, argilla, argo-cd, argo-workflows, label-studio, langfuse, metaflow, mlflow, yatai | Onyxia's API keeps the inline schema for an unknown key (reference §4.2); an installation may register these keys, and the inline schemas are complete |
// | overwriteSchemaWith `ide/networking.json` | examples/vscode-lite | on purpose: the example shows an unknown key kept inline (catalogs/examples/README.md) |
// | `s3.AWS_BUCKET_NAME`, `s3.workingDirectoryPath` | hive-metastore, pgadmin, spark-history, metaflow, mlflow, yatai, label-studio, examples/vscode-lite | Onyxia v10 context fields, gone from the current web (reference §4.3): the field falls back to its `default`, as with Onyxia's own web; the example mirrors the real charts |
// | `git.project` | airflow | same: an older context field, the field keeps its default |
// | overwriteDefaultWith `"lakefs"` | lakefs | a bare path to nothing (the author meant a literal); the hidden field keeps its default, which is `"lakefs"` |
// | hidden.path `fullnameOverride` (absolute, the property is `chromadb.fullnameOverride`) | chromadb | the rule never hides the field: the checkbox stays visible, nothing breaks |
// | hidden.path `postgresql/primary/persistence/enabled` | postgresql-cnpg | the path is from the chart's former layout: `storage.size` stays visible, nothing breaks |
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintChartSchema } from "../../src/catalog-lint/index.ts";
import type { JSONSchema } from "../../src/schema/types.ts";
import { loadRealCharts } from "../real-catalogs/load-charts.ts";

const examplesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../catalogs/examples/charts",
);

const charts = [
  ...loadRealCharts().map((c) => ({ id: c.id, schema: c.schema })),
  ...readdirSync(examplesDir)
    .sort()
    .map((name) => ({
      id: `examples/${name}`,
      schema: JSON.parse(
        readFileSync(path.join(examplesDir, name, "values.schema.json"), "utf8"),
      ) as JSONSchema,
    })),
];

const missingSchema = "overwrite-schema-missing";
const unfillable = "overwrite-default-unfillable";
const ingressKey = "/properties/ingress/x-onyxia/overwriteSchemaWith";

const expected: [chart: string, rule: string, pointer: string][] = [
  [
    "automation/airflow",
    missingSchema,
    "/properties/airflow/properties/auth/properties/password/x-onyxia/overwriteSchemaWith",
  ],
  [
    "automation/airflow",
    unfillable,
    "/properties/airflow/properties/dags/properties/repositories/items/properties/repository/x-onyxia/overwriteDefaultWith",
  ],
  ["automation/airflow", missingSchema, ingressKey],
  ["automation/argilla", missingSchema, ingressKey],
  ["automation/argo-cd", missingSchema, ingressKey],
  ["automation/argo-workflows", missingSchema, ingressKey],
  ["automation/label-studio", missingSchema, ingressKey],
  [
    "automation/label-studio",
    unfillable,
    "/properties/s3/properties/workingDirectoryPath/x-onyxia/overwriteDefaultWith",
  ],
  ["automation/langfuse", missingSchema, ingressKey],
  ["automation/metaflow", missingSchema, ingressKey],
  [
    "automation/metaflow",
    unfillable,
    "/properties/service/properties/METAFLOW_DATASTORE_SYSROOT_S3/x-onyxia/overwriteDefaultWith",
  ],
  ["automation/mlflow", missingSchema, ingressKey],
  [
    "automation/mlflow",
    unfillable,
    "/properties/service/properties/directory/x-onyxia/overwriteDefaultWith",
  ],
  ["automation/yatai", missingSchema, ingressKey],
  [
    "automation/yatai",
    unfillable,
    "/properties/s3/properties/bucketName/x-onyxia/overwriteDefaultWith",
  ],
  [
    "databases/chromadb",
    "hidden-path-missing",
    "/properties/chromadb/properties/savePersistentVolume/hidden",
  ],
  [
    "databases/hive-metastore",
    unfillable,
    "/properties/service/properties/warehouseDir/x-onyxia/overwriteDefaultWith",
  ],
  [
    "databases/lakefs",
    unfillable,
    "/properties/global/properties/postgresql/properties/auth/properties/database/x-onyxia/overwriteDefaultWith",
  ],
  ["databases/pgadmin", unfillable, "/properties/s3/properties/path/x-onyxia/overwriteDefaultWith"],
  [
    "databases/postgresql-cnpg",
    "hidden-path-missing",
    "/properties/storage/properties/size/hidden",
  ],
  [
    "databases/spark-history",
    unfillable,
    "/properties/spark/properties/directory/x-onyxia/overwriteDefaultWith",
  ],
  ["examples/vscode-lite", missingSchema, "/properties/networking/x-onyxia/overwriteSchemaWith"],
  [
    "examples/vscode-lite",
    unfillable,
    "/properties/s3/properties/workingDirectoryPath/x-onyxia/overwriteDefaultWith",
  ],
];

describe("catalog lint on the shared catalogs and our examples", () => {
  const all = charts.flatMap((chart) =>
    lintChartSchema(chart.schema).map((f) => ({ chart: chart.id, ...f })),
  );

  it("covers every chart of both catalogs and the three examples", () => {
    expect(charts.length).toBe(31 + 3);
  });

  it("finds no error anywhere", () => {
    expect(all.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("finds exactly the warnings justified above", () => {
    const key = (f: [string, string, string]) => f.join(" ");
    expect(all.map((f) => key([f.chart, f.rule, f.pointer])).sort()).toEqual(
      expected.map(key).sort(),
    );
  });

  it("names the missing context key in each unfillable reference", () => {
    const messages = all.filter((f) => f.rule === unfillable).map((f) => f.message);
    expect(messages.filter((m) => m.includes('"AWS_BUCKET_NAME" under "s3"'))).toHaveLength(6);
    expect(messages.some((m) => m.includes('no "project" under "git"'))).toBe(true);
  });
});
