/// <reference types="node" />
// Every chart schema of the real catalogs must resolve against our built-in registry and compile.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInSchemas, createSchemaRegistry } from "../../src/registry/index.ts";
import { resolveSchema, validateValues, type JSONSchema } from "../../src/schema/index.ts";
import { SHARED_CATALOGS_DIR } from "../../../../testing/shared-dir.ts";

const CATALOGS = SHARED_CATALOGS_DIR;
const registry = createSchemaRegistry({ builtIn: builtInSchemas });

const charts = readdirSync(CATALOGS).flatMap((catalog) =>
  readdirSync(join(CATALOGS, catalog, "charts")).map((chart) => ({
    catalog,
    chart,
    dir: join(CATALOGS, catalog, "charts", chart),
  })),
);

function loadSchema(catalog: string, chart: string): JSONSchema {
  return JSON.parse(
    readFileSync(join(CATALOGS, catalog, "charts", chart, "values.schema.json"), "utf8"),
  ) as JSONSchema;
}

/** Every `overwriteSchemaWith` key left in a resolved tree. */
function remainingOverwrites(node: unknown, found: string[] = []): string[] {
  if (node === null || typeof node !== "object") return found;
  const key = (node as JSONSchema)["x-onyxia"]?.overwriteSchemaWith;
  if (typeof key === "string") found.push(key);
  for (const value of Object.values(node)) remainingOverwrites(value, found);
  return found;
}

describe("real catalog charts", () => {
  it("are all there", () => {
    expect(charts.length).toBe(31);
  });

  it.each(charts.map((c) => [`${c.catalog}/${c.chart}`, c.catalog, c.chart]))(
    "%s resolves, leaves only unregistered overwrite keys, and compiles",
    (_name, catalog, chart) => {
      const resolved = resolveSchema(loadSchema(catalog, chart), { registry, roles: [] });
      for (const key of remainingOverwrites(resolved)) expect(builtInSchemas[key]).toBeUndefined();
      expect(JSON.stringify(resolved)).not.toContain('"$ref"');
      expect(() => validateValues(resolved, {})).not.toThrow();
    },
  );

  it("argilla: both `resources` nodes become our ide/resources.json, inline defaults dropped", () => {
    const resolved = resolveSchema(loadSchema("automation", "argilla"), { registry, roles: [] });
    const { $schema: _uri, ...expected } = builtInSchemas["ide/resources.json"] ?? {};
    const argillaResources = resolved.properties?.argilla?.properties?.resources;
    expect(argillaResources).toEqual(expected);
    expect(argillaResources?.properties?.requests?.properties?.cpu?.default).toBe("100m");
    expect(resolved.properties?.elasticsearch?.properties?.master?.properties?.resources).toEqual(
      expected,
    );
    // Not registered here: left as the chart wrote it.
    expect(resolved.properties?.ingress?.["x-onyxia"]?.overwriteSchemaWith).toBe(
      "argilla/ingress.json",
    );
  });

  it("airflow: the key `ide/password` (no .json) is unknown, so the inline node stays", () => {
    const original = loadSchema("automation", "airflow");
    const resolved = resolveSchema(original, { registry, roles: [] });
    expect(JSON.stringify(resolved)).toContain('"overwriteSchemaWith":"ide/password"');
  });

  it("a role-specific resources schema reaches argilla only for that role", () => {
    const gpuRegistry = createSchemaRegistry({
      builtIn: builtInSchemas,
      roles: { gpu: { "ide/resources.json": builtInSchemas["ide/resources-gpu.json"] ?? {} } },
    });
    const schema = loadSchema("automation", "argilla");
    const limits = (roles: string[]) =>
      resolveSchema(schema, { registry: gpuRegistry, roles }).properties?.argilla?.properties
        ?.resources?.properties?.limits?.properties;
    expect(Object.keys(limits(["gpu"]) ?? {})).toContain("nvidia.com/gpu");
    expect(Object.keys(limits([]) ?? {})).not.toContain("nvidia.com/gpu");
  });

  it("label-studio: s3 values are checked against our ide/s3.json", () => {
    const resolved = resolveSchema(loadSchema("automation", "label-studio"), {
      registry,
      roles: [],
    });
    expect(validateValues(resolved, { s3: { enabled: "yes" } }).errors).toEqual([
      "/s3/enabled: must be boolean",
    ]);
  });
});
