import type { JSONSchema } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import {
  mergeFieldErrors,
  parseServerErrors,
  pointerToHelmPath,
  validateInBrowser,
} from "./valuesValidation.ts";

const schema: JSONSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    resources: {
      type: "object",
      "x-onyxia": { overwriteDefaultWith: "x" },
      properties: {
        cpu: { type: "string", pattern: "^[0-9]+m$", render: "slider" },
        replicas: { type: "integer", minimum: 1 },
      },
    },
    mode: { enum: ["a", "b"] },
  },
};

describe("eval-free values validation", () => {
  it("accepts valid values and ignores unknown keywords", () => {
    expect(
      validateInBrowser(schema, { resources: { cpu: "100m", replicas: 2 }, mode: "a" }).all,
    ).toEqual([]);
  });
  it("keys errors by helm path, leaves only", () => {
    const errors = validateInBrowser(schema, {
      resources: { cpu: "lots", replicas: 0 },
      mode: "c",
    });
    expect([...errors.byPath.keys()].sort()).toEqual([
      "mode",
      "resources.cpu",
      "resources.replicas",
    ]);
  });
  it("never uses eval or new Function", () => {
    const original = globalThis.Function;
    const evalBefore = globalThis.eval;
    // A CSP without 'unsafe-eval' makes both throw; so do these stand-ins.
    globalThis.eval = () => {
      throw new EvalError("eval blocked");
    };
    globalThis.Function = new Proxy(original, {
      construct() {
        throw new EvalError("Function blocked");
      },
      apply() {
        throw new EvalError("Function blocked");
      },
    });
    try {
      expect(validateInBrowser({ ...schema }, { mode: "z" }).byPath.has("mode")).toBe(true);
    } finally {
      globalThis.Function = original;
      globalThis.eval = evalBefore;
    }
  });
  it("reads the server's 400 errors the same way", () => {
    const server = parseServerErrors([
      "/resources/cpu: must match pattern",
      "/a~1b/c: bad",
      "no path here",
    ]);
    expect(server.byPath.get("resources.cpu")).toEqual(["must match pattern"]);
    expect(server.byPath.get("a/b.c")).toEqual(["bad"]);
    expect(server.byPath.get("")).toEqual(["no path here"]);
    expect(pointerToHelmPath("#/x/0/y")).toBe("x.0.y");
    const merged = mergeFieldErrors(validateInBrowser(schema, { mode: "c" }), server);
    expect(merged.byPath.has("mode") && merged.byPath.has("resources.cpu")).toBe(true);
  });
});
