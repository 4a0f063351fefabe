import { describe, expect, it } from "vitest";
import { createSchemaRegistry } from "../../src/registry/index.ts";
import {
  MAX_RESOLVED_NODES,
  resolveSchema,
  SchemaResolutionError,
  type JSONSchema,
} from "../../src/schema/index.ts";

const registry = createSchemaRegistry({
  builtIn: {
    "ide/resources.json": {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      title: "registered resources",
    },
    "with-local-ref.json": {
      type: "object",
      properties: { size: { $ref: "#/definitions/size" } },
      definitions: { size: { type: "string", pattern: "^[0-9]+Gi$" } },
    },
    "nested.json": {
      type: "object",
      properties: {
        inner: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/resources.json" } },
      },
    },
    "loop-a.json": { type: "object", "x-onyxia": { overwriteSchemaWith: "loop-b.json" } },
    "loop-b.json": {
      type: "object",
      properties: { back: { "x-onyxia": { overwriteSchemaWith: "loop-a.json" } } },
    },
    "self.json": {
      type: "string",
      title: "self",
      "x-onyxia": { overwriteSchemaWith: "self.json" },
    },
  },
  roles: { gpu: { "ide/resources.json": { type: "object", title: "gpu resources" } } },
});
const noRoles = { registry, roles: [] };

function resolutionError(run: () => unknown): SchemaResolutionError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchemaResolutionError) return error;
    throw error;
  }
  throw new Error("expected a SchemaResolutionError");
}

describe("resolveSchema: $ref", () => {
  it("inlines local #/definitions and #/$defs refs and drops the definitions", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { a: { $ref: "#/definitions/cpu" }, b: { $ref: "#/$defs/mem" } },
      definitions: { cpu: { type: "string", pattern: "^[0-9]+m?$" } },
      $defs: { mem: { type: "string", default: "2Gi" } },
    };
    const resolved = resolveSchema(schema, noRoles);
    expect(resolved.properties?.a).toEqual({ type: "string", pattern: "^[0-9]+m?$" });
    expect(resolved.properties?.b).toEqual({ type: "string", default: "2Gi" });
    expect(resolved.definitions).toBeUndefined();
    expect(resolved.$defs).toBeUndefined();
  });

  it("follows refs to refs, and decodes ~1 and percent escapes in pointers", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { a: { $ref: "#/definitions/alias" }, b: { $ref: "#/definitions/a~1b%20c" } },
      definitions: {
        alias: { $ref: "#/definitions/real" },
        real: { type: "integer" },
        "a/b c": { type: "boolean" },
      },
    };
    const resolved = resolveSchema(schema, noRoles);
    expect(resolved.properties?.a).toEqual({ type: "integer" });
    expect(resolved.properties?.b).toEqual({ type: "boolean" });
  });

  it("looks non-local refs up in the registry, with the registry schema's own local refs", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { disk: { $ref: "with-local-ref.json" } },
    };
    const resolved = resolveSchema(schema, noRoles);
    expect(resolved.properties?.disk?.properties?.size).toEqual({
      type: "string",
      pattern: "^[0-9]+Gi$",
    });
  });

  it("supports a fragment inside a registry schema", () => {
    const schema: JSONSchema = { $ref: "with-local-ref.json#/definitions/size" };
    expect(resolveSchema(schema, noRoles)).toEqual({ type: "string", pattern: "^[0-9]+Gi$" });
  });

  it("lets keywords next to $ref refine the target", () => {
    const schema: JSONSchema = {
      properties: { a: { $ref: "#/definitions/cpu", title: "CPU limit", default: "1" } },
      definitions: { cpu: { type: "string", title: "cpu" } },
    };
    expect(resolveSchema(schema, noRoles).properties?.a).toEqual({
      type: "string",
      title: "CPU limit",
      default: "1",
    });
  });

  it("resolves refs inside items, additionalProperties and allOf", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: {
        list: { type: "array", items: { $ref: "#/definitions/s" } },
        map: { type: "object", additionalProperties: { $ref: "#/definitions/s" } },
        both: { allOf: [{ $ref: "#/definitions/s" }] },
      },
      definitions: { s: { type: "string" } },
    };
    const resolved = resolveSchema(schema, noRoles);
    expect(resolved.properties?.list?.items).toEqual({ type: "string" });
    expect(resolved.properties?.map?.additionalProperties).toEqual({ type: "string" });
    expect(resolved.properties?.both?.allOf).toEqual([{ type: "string" }]);
  });

  it("names the JSON path and the ref of a broken local ref", () => {
    const schema: JSONSchema = {
      properties: { resources: { $ref: "#/definitions/nope" } },
      definitions: {},
    };
    const error = resolutionError(() => resolveSchema(schema, noRoles));
    expect(error.message).toBe('properties.resources.$ref: "#/definitions/nope" not found');
    expect(error.path).toBe("properties.resources.$ref");
    expect(error.ref).toBe("#/definitions/nope");
  });

  it("names a ref to an unknown registry key", () => {
    const schema: JSONSchema = { properties: { "nvidia.com/gpu": { $ref: "missing.json" } } };
    expect(resolutionError(() => resolveSchema(schema, noRoles)).message).toBe(
      'properties["nvidia.com/gpu"].$ref: "missing.json" not found in the schema registry',
    );
  });

  it("detects a cycle of local refs", () => {
    const schema: JSONSchema = {
      properties: { tree: { $ref: "#/definitions/node" } },
      definitions: {
        node: { type: "object", properties: { child: { $ref: "#/definitions/node" } } },
      },
    };
    const error = resolutionError(() => resolveSchema(schema, noRoles));
    expect(error.path).toBe("properties.tree.properties.child.$ref");
    expect(error.message).toMatch(/is circular \(#\/definitions\/node -> #\/definitions\/node\)/);
  });

  it("stops a schema whose refs double the tree at every level", () => {
    const definitions: Record<string, JSONSchema> = { d30: { type: "string" } };
    for (let i = 0; i < 30; i++) {
      definitions[`d${i}`] = {
        type: "object",
        properties: {
          a: { $ref: `#/definitions/d${i + 1}` },
          b: { $ref: `#/definitions/d${i + 1}` },
        },
      };
    }
    const schema: JSONSchema = { $ref: "#/definitions/d0", definitions };
    expect(() => resolveSchema(schema, noRoles)).toThrow(
      `schema expands to more than ${MAX_RESOLVED_NODES} nodes`,
    );
  });

  it("ignores unused recursive definitions", () => {
    const schema: JSONSchema = {
      type: "string",
      definitions: { loop: { $ref: "#/definitions/loop" } },
    };
    expect(resolveSchema(schema, noRoles)).toEqual({ type: "string" });
  });
});

describe("resolveSchema: x-onyxia.overwriteSchemaWith", () => {
  const chart: JSONSchema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      resources: {
        type: "object",
        title: "inline",
        "x-onyxia": { overwriteSchemaWith: "ide/resources.json" },
      },
      networking: {
        type: "object",
        title: "kept",
        "x-onyxia": { overwriteSchemaWith: "ide/networking.json" },
      },
    },
  };

  it("replaces the whole node with the registered schema, without its $schema", () => {
    const resolved = resolveSchema(chart, noRoles);
    expect(resolved.properties?.resources).toEqual({
      type: "object",
      title: "registered resources",
    });
    expect(resolved.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("uses the role-specific schema for a user with that role", () => {
    expect(
      resolveSchema(chart, { registry, roles: ["other", "gpu"] }).properties?.resources?.title,
    ).toBe("gpu resources");
  });

  it("keeps the inline node when the key is not registered", () => {
    expect(resolveSchema(chart, noRoles).properties?.networking).toEqual({
      type: "object",
      title: "kept",
      "x-onyxia": { overwriteSchemaWith: "ide/networking.json" },
    });
  });

  it("resolves the replacement recursively", () => {
    const schema: JSONSchema = {
      properties: { outer: { "x-onyxia": { overwriteSchemaWith: "nested.json" } } },
    };
    expect(resolveSchema(schema, noRoles).properties?.outer?.properties?.inner?.title).toBe(
      "registered resources",
    );
  });

  it("does not re-expand a registered schema that points at its own key", () => {
    const schema: JSONSchema = {
      properties: { p: { "x-onyxia": { overwriteSchemaWith: "self.json" } } },
    };
    expect(resolveSchema(schema, noRoles).properties?.p?.title).toBe("self");
  });

  it("detects a cycle between registry schemas", () => {
    const schema: JSONSchema = {
      properties: { p: { "x-onyxia": { overwriteSchemaWith: "loop-a.json" } } },
    };
    const error = resolutionError(() => resolveSchema(schema, noRoles));
    expect(error.message).toMatch(
      /registry:loop-a\.json -> registry:loop-b\.json -> registry:loop-a\.json/,
    );
    expect(error.message).toMatch(/in registry schema "loop-b.json"/);
  });
});

describe("resolveSchema: purity and caching", () => {
  const chart: JSONSchema = {
    type: "object",
    properties: {
      resources: { "x-onyxia": { overwriteSchemaWith: "ide/resources.json" } },
      size: { $ref: "#/definitions/size" },
      tags: { type: "array", default: ["a"] },
    },
    definitions: { size: { type: "string" } },
  };

  it("never mutates its inputs", () => {
    const before = JSON.stringify(chart);
    const roles = ["zeta", "gpu"];
    resolveSchema(chart, { registry, roles });
    expect(JSON.stringify(chart)).toBe(before);
    expect(roles).toEqual(["zeta", "gpu"]);
    expect(Object.isFrozen(chart)).toBe(false);
  });

  it("returns a frozen tree that shares no object with the input", () => {
    const resolved = resolveSchema(chart, noRoles);
    expect(Object.isFrozen(resolved.properties?.tags?.default)).toBe(true);
    expect(resolved.properties?.tags?.default).not.toBe(chart.properties?.tags?.default);
  });

  it("memoizes per schema and set of roles", () => {
    expect(resolveSchema(chart, { registry, roles: ["gpu", "b"] })).toBe(
      resolveSchema(chart, { registry, roles: ["b", "gpu"] }),
    );
    expect(resolveSchema(chart, { registry, roles: ["gpu"] })).not.toBe(
      resolveSchema(chart, noRoles),
    );
    expect(resolveSchema(chart, { registry, roles: ["gpu"] }).properties?.resources?.title).toBe(
      "gpu resources",
    );
  });

  it("shares one result between users whose roles bring no schemas", () => {
    expect(resolveSchema(chart, { registry, roles: ["team-a", "team-b"] })).toBe(
      resolveSchema(chart, noRoles),
    );
    expect(resolveSchema(chart, { registry, roles: ["team-a", "gpu"] })).toBe(
      resolveSchema(chart, { registry, roles: ["gpu"] }),
    );
  });
});
