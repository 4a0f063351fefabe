import { describe, expect, it } from "vitest";
import {
  resolveListEnumOptions,
  isValidForNode,
  coerceToNodeType,
  mergeValuesYamlDefaults,
} from "../../src/defaults/index.ts";

const context = {
  user: { decodedIdToken: { groups: ["team-a", "team-b"] } },
  region: { sizes: ["1", "2", "x", 3] },
};

describe("resolveListEnumOptions", () => {
  it("resolves a reference to an array", () => {
    const node = {
      type: "string" as const,
      "x-onyxia": { overwriteListEnumWith: "user.decodedIdToken.groups" },
    };
    expect(resolveListEnumOptions(node, context)).toEqual(["team-a", "team-b"]);
  });

  it("coerces options to the node's type and drops the others", () => {
    expect(
      resolveListEnumOptions(
        { type: "integer", "x-onyxia": { overwriteListEnumWith: "region.sizes" } },
        context,
      ),
    ).toEqual([1, 2, 3]);
    expect(
      resolveListEnumOptions(
        { type: "string", "x-onyxia": { overwriteListEnumWith: "region.sizes" } },
        context,
      ),
    ).toEqual(["1", "2", "x", "3"]);
  });

  it("is undefined without the keyword or when the reference is not an array", () => {
    expect(resolveListEnumOptions({ type: "string" }, context)).toBeUndefined();
    expect(
      resolveListEnumOptions(
        { type: "string", "x-onyxia": { overwriteListEnumWith: "user.decodedIdToken" } },
        context,
      ),
    ).toBeUndefined();
    expect(
      resolveListEnumOptions(
        { type: "string", "x-onyxia": { overwriteListEnumWith: "missing.path" } },
        context,
      ),
    ).toBeUndefined();
  });
});

describe("isValidForNode and coerceToNodeType", () => {
  it("checks types, bounds, pattern, required and additionalProperties", () => {
    expect(isValidForNode({ type: "integer", minimum: 1 }, 0)).toBe(false);
    expect(isValidForNode({ type: "integer" }, 1.5)).toBe(false);
    expect(isValidForNode({ type: ["string", "null"] }, null)).toBe(true);
    expect(
      isValidForNode(
        { type: "object", required: ["a"], properties: { a: { type: "string" } } },
        { a: 1 },
      ),
    ).toBe(false);
    expect(
      isValidForNode({ type: "object", additionalProperties: false, properties: {} }, { x: 1 }),
    ).toBe(false);
    expect(isValidForNode({ type: "array", maxItems: 1, items: { type: "string" } }, ["a"])).toBe(
      true,
    );
    expect(isValidForNode({ type: "array", maxItems: 1 }, ["a", "b"])).toBe(false);
  });

  it("coerces only to a reasonable approximation", () => {
    expect(coerceToNodeType({ type: "boolean" }, "ON")).toBe(true);
    expect(coerceToNodeType({ type: "boolean" }, "maybe")).toBeUndefined();
    expect(coerceToNodeType({ type: "number" }, " 1e3 ")).toBe(1000);
    expect(coerceToNodeType({ type: "number" }, "12abc")).toBeUndefined();
    expect(coerceToNodeType({ type: "string" }, false)).toBe("false");
    expect(coerceToNodeType({ type: "object" }, "x")).toBeUndefined();
  });
});

describe("mergeValuesYamlDefaults", () => {
  it("fills keys from values.yaml without overriding computed values or merging arrays", () => {
    const computed = { a: { b: 1 }, list: [1], s: "computed" };
    const yaml = { a: { b: 2, c: 3 }, list: [9, 8], s: "yaml", extra: { deep: true } };
    expect(mergeValuesYamlDefaults(computed, yaml)).toEqual({
      a: { b: 1, c: 3 },
      list: [1],
      s: "computed",
      extra: { deep: true },
    });
    expect(mergeValuesYamlDefaults(computed, undefined)).toBe(computed);
  });
});
