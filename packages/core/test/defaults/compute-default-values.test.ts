import { describe, expect, it } from "vitest";
import { computeDefaultValues, DefaultValueError } from "../../src/defaults/index.ts";
import type { JSONSchema, JsonValue, XOnyxia } from "../../src/schema/types.ts";

const context = {
  user: { email: "alice@example.org", darkMode: true },
  project: { id: "user-alice" },
  k8s: { domain: "lab.example.org", randomSubdomain: "123456" },
  region: {
    flagString: "yes",
    offString: "off",
    cpuCount: "4",
    half: "2.5",
    port: 8080,
    tolerations: [{ key: "gpu" }],
  },
  s3: { AWS_ACCESS_KEY_ID: "AKIA" },
  git: { token: "ghp", name: "Alice" },
  items: [{ name: "A", value: "1", extra: "dropped" }, { name: "B" }],
};

function defaults(schema: JSONSchema, valuesYaml?: JsonValue): JsonValue {
  return computeDefaultValues(schema, { context, valuesYaml }).values;
}

const str = (extra: Partial<JSONSchema> = {}): JSONSchema => ({ type: "string", ...extra });
const over = (expression: NonNullable<XOnyxia["overwriteDefaultWith"]>) => ({
  "x-onyxia": { overwriteDefaultWith: expression },
});

describe("computeDefaultValues: order of precedence", () => {
  it("const wins over everything", () => {
    expect(defaults(str({ const: "fixed", default: "d", ...over("user.email") }), "yaml")).toBe(
      "fixed",
    );
  });

  it("a resolvable overwriteDefaultWith wins over default and values.yaml", () => {
    expect(defaults(str({ default: "d", ...over("user.email") }), "yaml")).toBe(
      "alice@example.org",
    );
  });

  it("an unresolved override falls back to default, then to values.yaml", () => {
    expect(defaults(str({ default: "d", ...over("{{git.project}}") }), "yaml")).toBe("d");
    expect(defaults(str(over("lakefs")), "yaml")).toBe("yaml");
  });

  it("an invalid default is skipped for the values.yaml value", () => {
    expect(defaults(str({ default: "not-a-number", pattern: "^\\d+$" }), "42")).toBe("42");
    expect(defaults({ type: "integer", default: "3" }, 5)).toBe(5);
  });

  it("recurses into object properties with the matching values.yaml subtree", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: {
        a: str({ default: "a" }),
        nested: {
          type: "object",
          properties: { b: { type: "boolean" }, c: str(over("{{project.id}}")) },
        },
      },
      default: { ignored: true },
    };
    expect(defaults(schema, { nested: { b: true }, other: 1 })).toEqual({
      a: "a",
      nested: { b: true, c: "user-alice" },
    });
  });

  it("fills an array with minItems with computed items", () => {
    const schema: JSONSchema = {
      type: "array",
      minItems: 2,
      items: {
        type: "object",
        properties: {
          host: str(over("{{project.id}}.{{k8s.domain}}")),
          port: { type: "integer", default: 80 },
        },
      },
    };
    expect(defaults(schema)).toEqual([
      { host: "user-alice.lab.example.org", port: 80 },
      { host: "user-alice.lab.example.org", port: 80 },
    ]);
  });

  it("fails with an error naming the path when nothing gives a value", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { service: { type: "object", properties: { ["my.key"]: str() } } },
    };
    expect(() => defaults(schema)).toThrow(DefaultValueError);
    expect(() => defaults(schema)).toThrow(/values path "service\["my\.key"\]": no default value/);
    expect(() => defaults({ type: "array", minItems: 1 })).toThrow(/minItems 1 but no "items"/);
  });
});

describe("computeDefaultValues: override validation and coercion", () => {
  it("keeps the native type of a full substitution", () => {
    expect(defaults({ type: "array", default: [], ...over("region.tolerations") })).toEqual([
      { key: "gpu" },
    ]);
    expect(defaults({ type: "boolean", default: false, ...over("user.darkMode") })).toBe(true);
  });

  it("coerces strings to booleans", () => {
    expect(defaults({ type: "boolean", default: false, ...over("region.flagString") })).toBe(true);
    expect(defaults({ type: "boolean", default: true, ...over("region.offString") })).toBe(false);
    expect(defaults({ type: "boolean", default: true, ...over("user.email") })).toBe(true); // not coercible: default
  });

  it("coerces number-like strings to numbers, integers only when integral", () => {
    expect(defaults({ type: "integer", default: 1, ...over("region.cpuCount") })).toBe(4);
    expect(defaults({ type: "number", default: 1, ...over("region.half") })).toBe(2.5);
    expect(defaults({ type: "integer", default: 1, ...over("region.half") })).toBe(1);
  });

  it("coerces numbers to strings", () => {
    expect(defaults(str({ default: "80", ...over("region.port") }))).toBe("8080");
  });

  it("rejects an override that breaks the node's rules, even after coercion", () => {
    expect(defaults(str({ default: "0", pattern: "^[0-9]+$", ...over("user.email") }))).toBe("0");
    expect(defaults(str({ default: "a", enum: ["a", "b"], ...over("user.email") }))).toBe("a");
    expect(defaults({ type: "integer", default: 1, maximum: 3, ...over("region.cpuCount") })).toBe(
      1,
    );
  });

  it("maps an array of objects item by item through the items schema", () => {
    const schema: JSONSchema = {
      type: "array",
      default: [],
      items: {
        type: "object",
        properties: { name: str({ default: "X" }), value: str({ default: "" }) },
      },
      ...over("{{items}}"),
    };
    // Unknown keys are dropped and missing ones take the items' defaults.
    expect(defaults(schema)).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "" },
    ]);
  });

  it("resolves arrays of templates element by element", () => {
    const schema: JSONSchema = {
      type: "array",
      default: [],
      items: { type: "object", properties: { name: str(), value: str() } },
      ...over([
        { name: "TOKEN", value: "{{git.token}}" },
        { name: "USER", value: "{{git.name}}" },
      ]),
    };
    expect(defaults(schema)).toEqual([
      { name: "TOKEN", value: "ghp" },
      { name: "USER", value: "Alice" },
    ]);
  });
});

describe("isChartUsingS3", () => {
  it("is true once any override reads s3, even when the value is then rejected", () => {
    const uses = (schema: JSONSchema) => computeDefaultValues(schema, { context }).isChartUsingS3;
    expect(uses({ type: "object", properties: { k: str(over("{{s3.AWS_ACCESS_KEY_ID}}")) } })).toBe(
      true,
    );
    expect(
      uses({
        type: "object",
        properties: { k: { type: "integer", default: 1, ...over("s3.AWS_ACCESS_KEY_ID") } },
      }),
    ).toBe(true);
    expect(
      uses({
        type: "object",
        properties: { k: str(over("{{user.email}}")), s3: str({ default: "s3" }) },
      }),
    ).toBe(false);
  });
});
