// Concrete values on real charts: a registry schema replacing an inline node, a conditional
// hidden field following its condition, list enums, and values taken from the user context.
import { describe, expect, it } from "vitest";
import { computeDefaultValues } from "../../src/defaults/index.ts";
import {
  computeFormModel,
  getValueAtPath,
  setValueAtPath,
  type FormNode,
} from "../../src/form/index.ts";
import { builtInSchemas, createSchemaRegistry } from "../../src/registry/index.ts";
import { resolveSchema } from "../../src/schema/index.ts";
import type { JsonValue } from "../../src/schema/types.ts";
import { sampleContext } from "../context/sample-context.ts";
import { loadRealCharts } from "./load-charts.ts";

const registry = createSchemaRegistry({ builtIn: builtInSchemas });
const charts = new Map(loadRealCharts().map((c) => [c.id, c]));

function prepare(id: string) {
  const chart = charts.get(id);
  if (chart === undefined) throw new Error(`chart ${id} not found`);
  const schema = resolveSchema(chart.schema, { registry, roles: [] });
  const context = sampleContext();
  const { values, isChartUsingS3 } = computeDefaultValues(schema, {
    context,
    valuesYaml: chart.valuesYaml,
  });
  const formOf = (current: JsonValue) =>
    computeFormModel(schema, current, {
      context,
      dependencies: chart.dependencies,
      valuesYaml: chart.valuesYaml,
    });
  const at = (dotted: string) => getValueAtPath(values, dotted.split("."));
  return { values, at, isChartUsingS3, context, formOf };
}

function findNode(nodes: FormNode[], path: string): FormNode | undefined {
  for (const node of nodes) {
    if (node.helmPath.join("/") === path) return node;
    const children =
      node.kind === "group" ? node.children : node.kind === "array" ? node.items : [];
    const found = findNode(children, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe("real charts, concrete values", () => {
  it("argilla: resources come from the registry's ide/resources.json, not the inline node", () => {
    const { at } = prepare("automation/argilla");
    // The inline node would give the region's "200m" (overwriteDefaultWith) or "500m" (default).
    expect(at("argilla.resources.requests")).toEqual({ cpu: "100m", memory: "2Gi" });
    expect(at("argilla.resources.limits")).toEqual({ cpu: "30000m", memory: "50Gi" });
  });

  it("postgresql: network policy node replaced by network-policy.json ignores the region default", () => {
    const { values, at, formOf } = prepare("databases/postgresql");
    // The inline node reads region.defaultNetworkPolicy (true in our region); the registry one does not.
    expect(at("security.networkPolicy")).toEqual({ enabled: false, from: [] });
    const node = findNode(formOf(values).main, "security/networkPolicy/enabled");
    expect(node?.hidden).toBe(true);
  });

  it("postgresql: the volume size is hidden exactly when persistence is disabled (absolute path)", () => {
    const { values, formOf } = prepare("databases/postgresql");
    const sizeHidden = (current: JsonValue) => {
      const section = formOf(current).dependencies.find((d) => d.name === "postgresql");
      return findNode(section?.group.children ?? [], "postgresql/primary/persistence/size")?.hidden;
    };
    expect(sizeHidden(values)).toBe(false);
    expect(
      sizeHidden(
        setValueAtPath(values, ["postgresql", "primary", "persistence", "enabled"], false),
      ),
    ).toBe(true);
  });

  it("label-studio: S3 credentials come from the selected profile and hide with s3.enabled (relative path)", () => {
    const { values, at, isChartUsingS3, formOf } = prepare("automation/label-studio");
    expect(isChartUsingS3).toBe(true);
    expect(at("s3")).toMatchObject({
      accessKeyId: "AKIAALICE",
      secretAccessKey: "alice-secret",
      sessionToken: "alice-session",
      endpoint: "minio.example.org",
      defaultRegion: "eu-west-1",
    });
    expect(findNode(formOf(values).main, "s3/accessKeyId")?.hidden).toBe(false);
    const disabled = setValueAtPath(values, ["s3", "enabled"], false);
    expect(findNode(formOf(disabled).main, "s3/accessKeyId")?.hidden).toBe(true);
  });

  it("pgadmin: login from the user's email, password from the project, hostname from project and k8s", () => {
    const { at, context } = prepare("databases/pgadmin");
    expect(at("security.mail")).toBe("alice@example.org");
    expect(at("security.password")).toBe(context.project.password);
    expect(at("ingress.hostname")).toBe(
      `user-alice-${context.k8s.randomSubdomain}.lab.example.org`,
    );
  });

  it("postgresql: the image tag is a select over the listEnum, in the dependency section", () => {
    const { values, at, formOf } = prepare("databases/postgresql");
    const model = formOf(values);
    const section = model.dependencies.find((d) => d.name === "postgresql");
    expect(section?.enabled).toBe(true);
    const tag = findNode(section?.group.children ?? [], "postgresql/image/tag");
    expect(tag?.kind).toBe("select");
    expect(tag?.kind === "select" && tag.options).toEqual([
      "17",
      "16",
      "15",
      "14",
      "13",
      "12",
      "11",
      "10",
    ]);
    expect(at("postgresql.image.tag")).toBe("17");
    expect(model.global?.helmPath).toEqual(["global"]);
  });

  it("metaflow: the postgresql dependency follows its condition", () => {
    const chart = charts.get("automation/metaflow");
    expect(chart?.dependencies.find((d) => d.name === "postgresql")?.condition).toBe(
      "postgresql.enabled",
    );
    // The schema does not describe `postgresql`, so it is not a form section.
    const { values, formOf } = prepare("automation/metaflow");
    expect(formOf(values).dependencies).toEqual([]);
  });

  it("airflow: git sync env vars are mapped item by item from the git settings", () => {
    const { at } = prepare("automation/airflow");
    expect(at("airflow.defaultSidecars.syncDAGsPlugins.extraEnvVars")).toEqual([
      { name: "GIT_PERSONAL_ACCESS_TOKEN", value: "ghp_alice" },
      { name: "GIT_USER_NAME", value: "Alice Martin" },
      { name: "GIT_USER_MAIL", value: "alice@example.org" },
    ]);
  });
});
