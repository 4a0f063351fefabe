/// <reference types="node" />
// Every chart of the shared real catalogs goes through the whole pipeline: resolve the schema
// with the built-in registry, compute defaults for a realistic user, build the form, and check
// the defaults validate against the resolved schema.
import { describe, expect, it } from "vitest";
import { computeDefaultValues } from "../../src/defaults/index.ts";
import { computeFormModel, type FormNode } from "../../src/form/index.ts";
import { builtInSchemas, createSchemaRegistry } from "../../src/registry/index.ts";
import { resolveSchema, validateValues } from "../../src/schema/index.ts";
import { sampleContext } from "../context/sample-context.ts";
import { loadRealCharts } from "./load-charts.ts";

const registry = createSchemaRegistry({ builtIn: builtInSchemas });
const charts = loadRealCharts();

function countFields(nodes: FormNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.kind === "group") count += countFields(node.children);
    else if (node.kind === "array") count += 1 + countFields(node.items);
    else count += 1;
  }
  return count;
}

describe("every real catalog chart", () => {
  it("finds the charts of both catalogs", () => {
    expect(charts.length).toBeGreaterThanOrEqual(30);
    expect(new Set(charts.map((c) => c.id.split("/")[0]))).toEqual(
      new Set(["automation", "databases"]),
    );
  });

  it.each(charts.map((c) => [c.id, c] as const))(
    "%s: defaults validate and the form builds",
    (_id, chart) => {
      const schema = resolveSchema(chart.schema, { registry, roles: [] });
      const context = sampleContext();
      const { values } = computeDefaultValues(schema, { context, valuesYaml: chart.valuesYaml });
      const validation = validateValues(schema, values);
      expect(validation.errors).toEqual([]);
      const model = computeFormModel(schema, values, {
        context,
        dependencies: chart.dependencies,
        valuesYaml: chart.valuesYaml,
      });
      const fields =
        countFields(model.main) +
        model.dependencies.reduce((n, d) => n + countFields(d.group.children), 0);
      expect(fields).toBeGreaterThan(0);
    },
  );

  it("still validates for a user without S3, Vault token or Git settings (group project, no personal infos)", () => {
    const context = sampleContext({ s3: undefined, vaultToken: undefined, git: undefined });
    const failures: string[] = [];
    let usingS3 = 0;
    for (const chart of charts) {
      const schema = resolveSchema(chart.schema, { registry, roles: [] });
      const defaults = computeDefaultValues(schema, { context, valuesYaml: chart.valuesYaml });
      if (defaults.isChartUsingS3) usingS3++;
      const { errors } = validateValues(schema, defaults.values);
      if (errors.length > 0) failures.push(`${chart.id}: ${errors.join("; ")}`);
    }
    expect(failures).toEqual([]);
    // Reading `s3` counts even when it is undefined: the launcher still shows the profile choice.
    expect(usingS3).toBeGreaterThan(0);
  });

  it("prints a summary", () => {
    let fields = 0;
    let usingS3 = 0;
    for (const chart of charts) {
      const schema = resolveSchema(chart.schema, { registry, roles: [] });
      const context = sampleContext();
      const defaults = computeDefaultValues(schema, { context, valuesYaml: chart.valuesYaml });
      if (defaults.isChartUsingS3) usingS3++;
      fields += countFields(
        computeFormModel(schema, defaults.values, { context, dependencies: chart.dependencies })
          .main,
      );
    }
    console.log(
      `real catalogs: ${charts.length} charts checked, ${usingS3} read s3 from the context, ${fields} main form fields`,
    );
    expect(usingS3).toBeGreaterThan(0);
  });
});
