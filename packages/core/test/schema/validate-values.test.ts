import { describe, expect, it, vi } from "vitest";
import { builtInSchemas, createSchemaRegistry } from "../../src/registry/index.ts";
import {
  InvalidSchemaError,
  resolveSchema,
  validateValues,
  type JSONSchema,
} from "../../src/schema/index.ts";

const chart: JSONSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    resources: {
      type: "object",
      properties: {
        limits: {
          type: "object",
          properties: {
            cpu: {
              type: "string",
              pattern: "^[0-9]+m?$",
              render: "slider",
              sliderMin: 50,
              sliderUnit: "m",
              sliderRangeId: "cpu",
            },
          },
        },
      },
    },
    kubernetes: {
      type: "object",
      properties: {
        role: {
          type: "string",
          enum: ["view", "edit"],
          hidden: { value: false, path: "kubernetes/enabled" },
        },
      },
    },
    service: {
      type: "object",
      form: true,
      "x-form": { hidden: true },
      "x-onyxia": { overwriteDefaultWith: "user.idep", useRegionSliderConfig: "cpu" },
      properties: {
        image: { type: "string", listEnum: ["a", "b"], render: "list" },
        replicas: { type: "integer", minimum: 1 },
        adminEmail: { type: "string", format: "email" },
      },
      required: ["image"],
      additionalProperties: false,
    },
    locked: { type: "string", const: "fixed" },
  },
};

describe("validateValues", () => {
  it("accepts valid values, Onyxia keywords included", () => {
    const result = validateValues(chart, {
      resources: { limits: { cpu: "500m" } },
      kubernetes: { role: "view" },
      service: { image: "a", replicas: 2, adminEmail: "jdoe@example.org" },
      locked: "fixed",
    });
    expect(result).toEqual({ valid: true, errors: [] });
  });

  it("names the values path and the rule broken", () => {
    const result = validateValues(chart, { resources: { limits: { cpu: "lots" } } });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(['/resources/limits/cpu: must match pattern "^[0-9]+m?$"']);
  });

  it("reports every error at once, with the allowed values and the unexpected property", () => {
    const result = validateValues(chart, {
      kubernetes: { role: "root" },
      service: { replicas: 0, extra: true, adminEmail: "nope" },
      locked: "changed",
    });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        '/kubernetes/role: must be equal to one of the allowed values: "view", "edit"',
        "/service: must have required property 'image'",
        '/service: must NOT have additional properties ("extra")',
        "/service/replicas: must be >= 1",
        '/service/adminEmail: must match format "email"',
        '/locked: must be equal to constant "fixed"',
      ]),
    );
    expect(result.errors).toHaveLength(6);
  });

  it("names the root as / when the values are not an object", () => {
    expect(validateValues(chart, "text").errors).toEqual(["/: must be object"]);
  });

  it("does not fill defaults into or coerce the values", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { n: { type: "integer", default: 3 }, s: { type: "string" } },
    };
    const values = { s: "x" };
    expect(validateValues(schema, values).valid).toBe(true);
    expect(values).toEqual({ s: "x" });
    expect(validateValues(schema, { n: "3" }).errors).toEqual(["/n: must be integer"]);
  });

  it("compiles each schema object once", () => {
    const schema: JSONSchema = { type: "object", properties: { a: { type: "string" } } };
    const first = performance.now();
    validateValues(schema, { a: "x" });
    const compileTime = performance.now() - first;
    const again = performance.now();
    for (let i = 0; i < 100; i++) validateValues(schema, { a: "x" });
    // 100 cached validations must cost less than 100 compilations would.
    expect(performance.now() - again).toBeLessThan(compileTime * 100);
  });

  it("validates a frozen resolved schema, with admin constraints enforced", () => {
    const registry = createSchemaRegistry({
      builtIn: builtInSchemas,
      admin: {
        "ide/role.json": {
          type: "object",
          properties: { role: { type: "string", const: "view" } },
        },
      },
    });
    const resolved = resolveSchema(
      {
        type: "object",
        properties: {
          kubernetes: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/role.json" } },
        },
      },
      { registry, roles: [] },
    );
    expect(validateValues(resolved, { kubernetes: { role: "admin" } }).errors).toEqual([
      '/kubernetes/role: must be equal to constant "view"',
    ]);
  });

  it("throws a clear error for a schema Ajv cannot compile", () => {
    const broken = { type: "strings" } as unknown as JSONSchema;
    expect(() => validateValues(broken, {})).toThrow(InvalidSchemaError);
    expect(() => validateValues(broken, {})).toThrow(/invalid values schema: .*type/);
  });

  it("says so when the page forbids code generation (browser CSP without 'unsafe-eval')", () => {
    // Node cannot be made to enforce a CSP, so the browser's refusal is simulated.
    vi.stubGlobal("Function", function refuse() {
      throw new EvalError("Refused to evaluate a string as JavaScript");
    });
    try {
      expect(() => validateValues({ type: "object", title: "csp" }, {})).toThrow(
        /code generation is blocked/,
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
