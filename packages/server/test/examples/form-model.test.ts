// The example charts are meant to exercise every Onyxia schema extension: check that the core
// form model really sees each one (select, sliders, range sliders, yaml block, array bounds,
// hidden/readonly rules, global and dependency sections).
import {
  builtInSchemas,
  computeDefaultValues,
  computeFormModel,
  createSchemaRegistry,
  createXOnyxiaContext,
  resolveSchema,
  type FormModel,
  type FormNode,
  type JSONSchema,
  type JsonValue,
} from "@onyxia-ts/core";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { chartArchive, ensurePackaged, examplesRepo, readChartFile } from "./example-repo.ts";

beforeAll(() => ensurePackaged());

const context = createXOnyxiaContext({
  user: {
    idep: "bob",
    email: "bob@example.org",
    decodedIdToken: { groups: ["team-a", "team-b"] },
    accessToken: "t",
    lang: "en",
  },
  project: { id: "user-bob", password: "pw", vaultTopDir: "bob" },
  region: { services: { expose: { domain: "lab.example.org" } } },
  random: () => 0.5,
});

function formOf(chart: string): FormModel {
  const archive = chartArchive(examplesRepo, chart);
  const schema = resolveSchema(
    JSON.parse(readChartFile(archive, "values.schema.json")) as JSONSchema,
    {
      registry: createSchemaRegistry({ builtIn: builtInSchemas }),
      roles: [],
    },
  );
  const chartYaml = parse(readChartFile(archive, "Chart.yaml")) as {
    dependencies?: { name: string; condition?: string }[];
  };
  const { values } = computeDefaultValues(schema, {
    context,
    valuesYaml: parse(readChartFile(archive, "values.yaml")) as JsonValue,
  });
  return computeFormModel(schema, values, { context, dependencies: chartYaml.dependencies ?? [] });
}

function flatten(nodes: FormNode[]): FormNode[] {
  return nodes.flatMap((node) => [
    node,
    ...(node.kind === "group"
      ? flatten(node.children)
      : node.kind === "array"
        ? flatten(node.items)
        : []),
  ]);
}

function allNodes(model: FormModel): FormNode[] {
  return flatten([
    ...model.main,
    ...(model.global ? [model.global] : []),
    ...model.dependencies.map((d) => d.group),
  ]);
}

/** Fields by helm path; range sliders are left out (they stand for two paths). */
function byPath(model: FormModel): Map<string, FormNode> {
  return new Map(
    allNodes(model)
      .filter((n) => n.kind !== "rangeSlider")
      .map((node) => [node.helmPath.join("."), node]),
  );
}

describe("vscode-lite form", () => {
  const nodes = () => byPath(formOf("vscode-lite"));
  const rangeSliders = () =>
    allNodes(formOf("vscode-lite")).flatMap((n) => (n.kind === "rangeSlider" ? [n] : []));

  it("has every field kind", () => {
    const fields = nodes();
    expect(fields.get("init.personalInitScript")?.kind).toBe("textarea");
    expect(fields.get("git.token")?.kind).toBe("password");
    expect(fields.get("service.image.version")).toMatchObject({
      kind: "select",
      options: [
        "codercom/code-server:4.96.4",
        "codercom/code-server:4.95.3",
        "codercom/code-server:4.93.1",
      ],
    });
    expect(fields.get("sharing.group")).toMatchObject({
      kind: "select",
      options: ["team-a", "team-b"],
    });
    expect(fields.get("persistence.size")).toMatchObject({
      kind: "slider",
      unit: "Gi",
      min: 1,
      max: 100,
    });
    expect(fields.get("networking.user.port")).toMatchObject({
      kind: "slider",
      min: 1024,
      max: 65535,
    });
    expect(fields.get("podAnnotations")).toMatchObject({ kind: "yaml", expectedType: "object" });
    expect(fields.get("extensions")).toMatchObject({
      kind: "array",
      minItems: 1,
      maxItems: 8,
      canRemove: false,
    });
    expect(fields.get("s3.enabled")?.kind).toBe("checkbox");
    const ranges = rangeSliders().map((n) => [
      n.rangeId,
      n.down.helmPath.join("."),
      n.up.helmPath.join("."),
      n.unit,
    ]);
    expect(ranges.sort()).toStrictEqual([
      ["cpu", "resources.requests.cpu", "resources.limits.cpu", "m"],
      ["memory", "resources.requests.memory", "resources.limits.memory", "Gi"],
    ]);
  });

  it("applies hidden and readonly rules", () => {
    const fields = nodes();
    expect(fields.get("ingress.hostname")?.hidden).toBe(true);
    expect(fields.get("service.image.custom.version")?.hidden).toBe(true);
    expect(fields.get("service.image.version")?.hidden).toBe(false);
    expect(fields.get("s3.accessKeyId")?.hidden).toBe(false);
    expect(fields.get("security.allowlist.ips")?.hidden).toBe(true);
    expect(fields.get("security.networkPolicy.enabled")?.readonly).toBe(true);
    expect(fields.get("service.port")?.readonly).toBe(true);
    expect(fields.get("global.suspend")?.hidden).toBe(true);
  });
});

describe("dashboard form", () => {
  it("shows postgres-lite as an enabled dependency section and hides the external database", () => {
    const model = formOf("dashboard");
    expect(model.dependencies.map((d) => [d.name, d.condition, d.enabled])).toStrictEqual([
      ["postgres-lite", "postgres-lite.enabled", true],
    ]);
    expect(byPath(model).get("externalDatabase")?.hidden).toBe(true);
    expect(byPath(model).get("postgres-lite.auth.username")?.readonly).toBe(true);
  });
});
