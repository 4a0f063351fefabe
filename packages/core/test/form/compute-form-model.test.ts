import { describe, expect, it } from "vitest";
import { computeFormModel, FormModelError, type FormModel } from "../../src/form/index.ts";
import type { JSONSchema, JsonValue } from "../../src/schema/types.ts";
import { findNode } from "./form-test-utils.ts";

const context = { user: { decodedIdToken: { groups: ["team-a", "team-b"] } } };

function model(
  properties: Record<string, JSONSchema>,
  values: JsonValue,
  extra: Partial<JSONSchema> = {},
): FormModel {
  return computeFormModel({ type: "object", properties, ...extra }, values, { context });
}

describe("field kinds", () => {
  it("maps each type to its field", () => {
    const m = model(
      {
        name: { type: "string", pattern: "^[a-z]+$" },
        notes: { type: "string", render: "textArea" },
        secret: { type: "string", render: "password" },
        count: { type: "integer", minimum: 1, maximum: 9 },
        ratio: { type: "number" },
        on: { type: "boolean" },
        extra: { type: "object" },
        list: { type: "array" },
      },
      {
        name: "Abc",
        notes: "n",
        secret: "s",
        count: 3,
        ratio: 0.5,
        on: true,
        extra: { a: 1 },
        list: [1],
      },
      { required: ["name"] },
    );
    const kinds = Object.fromEntries(m.main.map((n) => [n.helmPath.join("/"), n.kind]));
    expect(kinds).toEqual({
      name: "text",
      notes: "textarea",
      secret: "password",
      count: "number",
      ratio: "number",
      on: "checkbox",
      extra: "yaml",
      list: "yaml",
    });
    const name = findNode(m.main, "name");
    expect(name).toMatchObject({
      title: "name",
      required: true,
      pattern: "^[a-z]+$",
      value: "Abc",
      valid: false,
    });
    expect(findNode(m.main, "count")).toMatchObject({
      isInteger: true,
      minimum: 1,
      maximum: 9,
      valid: true,
      required: false,
    });
    expect(findNode(m.main, "ratio")).toMatchObject({ isInteger: false });
    expect(findNode(m.main, "extra")).toMatchObject({ expectedType: "object", value: { a: 1 } });
  });

  it("uses the schema title and description when present", () => {
    const m = model(
      { port: { type: "integer", title: "Port", description: "TCP port" } },
      { port: 80 },
    );
    expect(findNode(m.main, "port")).toMatchObject({ title: "Port", description: "TCP port" });
  });

  it("makes a select from overwriteListEnumWith, then listEnum, then enum", () => {
    const m = model(
      {
        group: {
          type: "string",
          listEnum: ["x"],
          "x-onyxia": { overwriteListEnumWith: "user.decodedIdToken.groups" },
        },
        version: { type: "string", listEnum: ["1", "2"], enum: ["1", "2", "3"] },
        policy: { type: "string", enum: ["Always", "Never"] },
      },
      { group: "team-a", version: "1", policy: "Never" },
    );
    expect(findNode(m.main, "group")).toMatchObject({
      kind: "select",
      options: ["team-a", "team-b"],
    });
    expect(findNode(m.main, "version")).toMatchObject({ kind: "select", options: ["1", "2"] });
    expect(findNode(m.main, "policy")).toMatchObject({
      kind: "select",
      options: ["Always", "Never"],
    });
  });

  it('rejects render "list" without options, naming the path', () => {
    expect(() =>
      model(
        { a: { type: "object", properties: { v: { type: "string", render: "list" } } } },
        { a: { v: "" } },
      ),
    ).toThrow(FormModelError);
    expect(() =>
      model(
        { a: { type: "object", properties: { v: { type: "string", render: "list" } } } },
        { a: { v: "" } },
      ),
    ).toThrow(/"a\.v": render "list" but no options/);
  });

  it("makes sliders, reading numbers and unit-suffixed strings", () => {
    const m = model(
      {
        size: {
          type: "string",
          render: "slider",
          sliderMin: 1,
          sliderMax: 100,
          sliderStep: 1,
          sliderUnit: "Gi",
        },
        replicas: { type: "integer", sliderMin: 1, sliderMax: 5 },
      },
      { size: "2Gi", replicas: 3 },
    );
    expect(findNode(m.main, "size")).toMatchObject({
      kind: "slider",
      min: 1,
      max: 100,
      step: 1,
      unit: "Gi",
      valueType: "string",
      numericValue: 2,
    });
    expect(findNode(m.main, "replicas")).toMatchObject({
      kind: "slider",
      valueType: "number",
      numericValue: 3,
      step: 1,
    });
  });
});

const cpu = (extremity: "down" | "up", semantic: string): JSONSchema => ({
  type: "string",
  title: "CPU",
  render: "slider",
  sliderMin: 50,
  sliderMax: 40000,
  sliderStep: 50,
  sliderUnit: "m",
  sliderExtremity: extremity,
  sliderExtremitySemantic: semantic,
  sliderRangeId: "cpu",
});

describe("range sliders", () => {
  it("merges a down and an up end from sibling groups into one range slider", () => {
    const m = model(
      {
        resources: {
          type: "object",
          title: "Resources",
          properties: {
            requests: {
              type: "object",
              properties: { cpu: cpu("down", "guaranteed"), note: { type: "string" } },
            },
            limits: { type: "object", properties: { cpu: cpu("up", "Maximum") } },
          },
        },
      },
      { resources: { requests: { cpu: "100m", note: "x" }, limits: { cpu: "4000m" } } },
    );
    const resources = m.main[0];
    expect(resources?.kind).toBe("group");
    if (resources?.kind !== "group") return;
    // The range takes the place of `requests`; `limits` only held the up end and disappears.
    expect(resources.children.map((c) => c.kind)).toEqual(["rangeSlider", "group"]);
    const range = resources.children[0];
    expect(range).toMatchObject({
      kind: "rangeSlider",
      rangeId: "cpu",
      helmPath: ["resources"],
      min: 50,
      max: 40000,
      step: 50,
      unit: "m",
      down: {
        helmPath: ["resources", "requests", "cpu"],
        semantic: "guaranteed",
        value: "100m",
        numericValue: 100,
      },
      up: {
        helmPath: ["resources", "limits", "cpu"],
        semantic: "Maximum",
        value: "4000m",
        numericValue: 4000,
      },
    });
    expect(findNode(resources.children, "resources/requests/note")).toBeDefined();
  });

  it("merges ends that are siblings, and leaves an end without partner as a plain slider", () => {
    const m = model(
      {
        r: {
          type: "object",
          properties: { min: cpu("down", "guaranteed"), max: cpu("up", "Maximum") },
        },
        lonely: { ...cpu("down", "guaranteed"), sliderRangeId: "other" },
      },
      { r: { min: "50m", max: "100m" }, lonely: "75m" },
    );
    expect(m.main[0]?.kind === "group" && m.main[0].children.map((c) => c.kind)).toEqual([
      "rangeSlider",
    ]);
    expect(findNode(m.main, "lonely")).toMatchObject({ kind: "slider", numericValue: 75 });
  });
});

describe("hidden and readonly", () => {
  const schema: Record<string, JSONSchema> = {
    s3: {
      type: "object",
      properties: {
        enabled: { type: "boolean" },
        key: { type: "string", hidden: { value: false, path: "enabled", isPathRelative: true } },
      },
    },
    image: {
      type: "object",
      properties: {
        custom: { type: "object", properties: { enabled: { type: "boolean" } } },
        version: { type: "string", hidden: { value: true, path: "image/custom/enabled" } },
      },
    },
    always: { type: "string", hidden: true },
    viaXOnyxia: { type: "string", "x-onyxia": { hidden: true } },
    fixed: { type: "string", const: "x" },
    locked: {
      type: "object",
      "x-onyxia": { readonly: true },
      properties: { inner: { type: "string" } },
    },
  };
  const values = (s3Enabled: boolean, custom: boolean): JsonValue => ({
    s3: { enabled: s3Enabled, key: "k" },
    image: { custom: { enabled: custom }, version: "v1" },
    always: "",
    viaXOnyxia: "",
    fixed: "x",
    locked: { inner: "i" },
  });

  it("evaluates a relative condition against the sibling's current value", () => {
    expect(findNode(model(schema, values(true, false)).main, "s3/key")?.hidden).toBe(false);
    expect(findNode(model(schema, values(false, false)).main, "s3/key")?.hidden).toBe(true);
  });

  it("evaluates an absolute slash path against the current values", () => {
    expect(findNode(model(schema, values(true, false)).main, "image/version")?.hidden).toBe(false);
    expect(findNode(model(schema, values(true, true)).main, "image/version")?.hidden).toBe(true);
  });

  it("hides hidden:true and x-onyxia.hidden, and groups whose fields are all hidden", () => {
    const m = model(
      { ...schema, quiet: { type: "object", properties: { a: { type: "string", hidden: true } } } },
      {
        ...(values(true, false) as object),
        quiet: { a: "" },
      },
    );
    expect(findNode(m.main, "always")?.hidden).toBe(true);
    expect(findNode(m.main, "viaXOnyxia")?.hidden).toBe(true);
    expect(findNode(m.main, "quiet")?.hidden).toBe(true);
    expect(findNode(m.main, "s3")?.hidden).toBe(false);
  });

  it("makes const fields and everything under x-onyxia.readonly readonly", () => {
    const m = model(schema, values(true, false));
    expect(findNode(m.main, "fixed")?.readonly).toBe(true);
    expect(findNode(m.main, "locked/inner")?.readonly).toBe(true);
    expect(findNode(m.main, "s3/key")?.readonly).toBe(false);
  });
});

describe("array groups", () => {
  const servers: JSONSchema = {
    type: "array",
    minItems: 1,
    maxItems: 2,
    items: {
      type: "object",
      properties: {
        host: { type: "string", default: "localhost" },
        port: { type: "integer", default: 80 },
      },
    },
  };

  it("titles items 'item N' and bounds add/remove by minItems/maxItems", () => {
    const one = findNode(model({ servers }, { servers: [{ host: "a", port: 1 }] }).main, "servers");
    expect(one).toMatchObject({
      kind: "array",
      minItems: 1,
      maxItems: 2,
      canAdd: true,
      canRemove: false,
    });
    expect(one?.kind === "array" && one.items.map((i) => i.title)).toEqual(["item 1"]);
    expect(one?.kind === "array" && one.newItemValue).toEqual({ host: "localhost", port: 80 });
    const two = findNode(
      model(
        { servers },
        {
          servers: [
            { host: "a", port: 1 },
            { host: "b", port: 2 },
          ],
        },
      ).main,
      "servers",
    );
    expect(two).toMatchObject({ canAdd: false, canRemove: true });
    expect(findNode(two?.kind === "array" ? two.items : [], "servers/1/host")).toMatchObject({
      kind: "text",
      value: "b",
    });
  });

  it("offers an empty value of the item type when items have no default", () => {
    const tags = findNode(
      model({ tags: { type: "array", items: { type: "string" } } }, { tags: [] }).main,
      "tags",
    );
    expect(tags).toMatchObject({ canAdd: true, canRemove: false, newItemValue: "", items: [] });
  });
});

describe("sections", () => {
  const schema: JSONSchema = {
    type: "object",
    properties: {
      global: { type: "object", properties: { suspend: { type: "boolean" } } },
      service: { type: "object", properties: { name: { type: "string" } } },
      postgresql: {
        type: "object",
        properties: { enabled: { type: "boolean" }, user: { type: "string" } },
      },
      db: { type: "object", properties: { size: { type: "string" } } },
    },
  };
  const values = (enabled: boolean | undefined): JsonValue => ({
    global: { suspend: false },
    service: { name: "s" },
    postgresql: enabled === undefined ? { user: "u" } : { enabled, user: "u" },
    db: { size: "1Gi" },
  });
  const dependencies = [
    { name: "postgresql", condition: "postgresql.enabled" },
    { name: "mariadb", alias: "db" },
    { name: "library-chart" },
  ];

  it("extracts global and each described dependency into its own section", () => {
    const m = computeFormModel(schema, values(true), { context, dependencies });
    expect(m.main.map((n) => n.helmPath.join("/"))).toEqual(["service"]);
    expect(m.global?.children.map((n) => n.helmPath.join("/"))).toEqual(["global/suspend"]);
    expect(m.dependencies.map((d) => [d.name, d.enabled])).toEqual([
      ["postgresql", true],
      ["db", true],
    ]);
  });

  it("disables a dependency whose condition is not true, reading values.yaml when the values lack it", () => {
    const sections = (enabled: boolean | undefined, valuesYaml?: JsonValue) =>
      computeFormModel(schema, values(enabled), {
        context,
        dependencies,
        valuesYaml,
      }).dependencies.find((d) => d.name === "postgresql");
    expect(sections(false)?.enabled).toBe(false);
    expect(sections(undefined)?.enabled).toBe(false);
    expect(sections(undefined, { postgresql: { enabled: true } })?.enabled).toBe(true);
    expect(sections(false, { postgresql: { enabled: true } })?.enabled).toBe(false);
  });

  it("rejects a root schema without properties", () => {
    expect(() => computeFormModel({ type: "object" }, {}, { context })).toThrow(
      /root schema has no "properties"/,
    );
  });
});
