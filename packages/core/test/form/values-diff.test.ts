import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyValuesPatch,
  computeValuesDiff,
  isAtomicDiffEntry,
  getValueAtPath,
  removeValueAtPath,
  setValueAtPath,
} from "../../src/form/index.ts";
import type { JsonValue } from "../../src/schema/types.ts";

describe("getValueAtPath / setValueAtPath / removeValueAtPath", () => {
  const values: JsonValue = { a: { b: [10, { c: "x" }] }, "dotted.key": 1 };

  it("reads keys and indices, and nothing inherited", () => {
    expect(getValueAtPath(values, ["a", "b", 1, "c"])).toBe("x");
    expect(getValueAtPath(values, ["a", "b", "0"])).toBe(10);
    expect(getValueAtPath(values, ["dotted.key"])).toBe(1);
    expect(getValueAtPath(values, ["a", "missing", "x"])).toBeUndefined();
    expect(getValueAtPath(values, ["a", "constructor"])).toBeUndefined();
  });

  it("sets immutably, creating missing objects and arrays", () => {
    const next = setValueAtPath(values, ["a", "b", 1, "c"], "y");
    expect(getValueAtPath(next, ["a", "b", 1, "c"])).toBe("y");
    expect(getValueAtPath(values, ["a", "b", 1, "c"])).toBe("x");
    expect(setValueAtPath({}, ["x", 0, "y"], true)).toEqual({ x: [{ y: true }] });
    expect(setValueAtPath([1], [1], 2)).toEqual([1, 2]);
    expect(setValueAtPath({ a: [1] }, ["a", "k"], 2)).toEqual({ a: { k: 2 } });
    expect(setValueAtPath({ a: false }, ["a", 0], 2)).toEqual({ a: [2] });
    expect(() => setValueAtPath([1], [3], 2)).toThrow(/index 3 of an array of length 1/);
  });

  it("removes keys and splices array items immutably", () => {
    expect(removeValueAtPath(values, ["a", "b", 0])).toEqual({
      a: { b: [{ c: "x" }] },
      "dotted.key": 1,
    });
    expect(removeValueAtPath(values, ["dotted.key"])).toEqual({ a: { b: [10, { c: "x" }] } });
    expect(getValueAtPath(values, ["dotted.key"])).toBe(1);
  });
});

describe("computeValuesDiff", () => {
  it("lists changed leaves and removed keys, nothing for equal values", () => {
    const defaults: JsonValue = {
      resources: { cpu: "100m", memory: "2Gi" },
      tags: ["a", "b"],
      extra: { x: 1 },
    };
    const current: JsonValue = {
      resources: { cpu: "4000m", memory: "2Gi" },
      tags: ["a"],
      extra: { x: 1 },
      added: true,
    };
    expect(computeValuesDiff(defaults, defaults)).toEqual([]);
    expect(computeValuesDiff(defaults, current)).toEqual([
      { path: ["resources", "cpu"], value: "4000m" },
      { path: ["tags", 1], value: undefined },
      { path: ["added"], value: true },
    ]);
  });

  it("uses atomic values only, except for a new empty container", () => {
    expect(computeValuesDiff({ a: "x" }, { a: { b: 1 } })).toEqual([
      { path: ["a", "b"], value: 1 },
    ]);
    expect(applyValuesPatch({ a: "x" }, [{ path: ["a", "b"], value: 1 }])).toEqual({ a: { b: 1 } });
    expect(computeValuesDiff({}, { a: [] })).toEqual([{ path: ["a"], value: [] }]);
    expect(computeValuesDiff({}, { a: [] }).filter(isAtomicDiffEntry)).toEqual([]);
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null)),
      fc.array(tie("value"), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("a", "b", "c.d", "0"), tie("value"), { maxKeys: 3 }),
    ),
  })).value as fc.Arbitrary<JsonValue>;

  it("applying the diff to the defaults gives back the current values (property)", () => {
    fc.assert(
      fc.property(json, json, (defaults, current) => {
        const patch = computeValuesDiff(defaults, current);
        expect(applyValuesPatch(defaults, patch)).toEqual(current);
        for (const entry of patch) {
          const emptyContainer =
            !isAtomicDiffEntry(entry) && Object.keys(entry.value as object).length === 0;
          expect(isAtomicDiffEntry(entry) || emptyContainer).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("patches from untrusted input (launch links)", () => {
  it("cannot pollute Object.prototype through __proto__ or constructor paths", () => {
    const patched = applyValuesPatch({}, [
      { path: ["__proto__", "polluted"], value: true },
      { path: ["constructor", "prototype", "polluted2"], value: true },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
    // The keys become plain own data, visible to schema validation like any other key.
    expect(Object.keys(patched as object).sort()).toEqual(["__proto__", "constructor"]);
    expect(getValueAtPath(patched, ["__proto__", "polluted"])).toBe(true);
  });
});
