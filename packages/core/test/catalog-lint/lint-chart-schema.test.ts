import { describe, expect, it } from "vitest";
import {
  countFindings,
  lintChartSchema,
  unreachableSegment,
  type LintFinding,
} from "../../src/catalog-lint/index.ts";
import { builtInSchemas, createSchemaRegistry } from "../../src/registry/index.ts";
import type { JSONSchema } from "../../src/schema/types.ts";

const obj = (properties: Record<string, JSONSchema>, extra: JSONSchema = {}): JSONSchema => ({
  type: "object",
  properties,
  ...extra,
});
const brief = (findings: LintFinding[]) =>
  findings.map((f) => [f.severity, f.rule, f.pointer] as const);

const end = (side: "down" | "up", extra: JSONSchema = {}, rangeId = "memory"): JSONSchema => ({
  type: "string",
  default: side === "down" ? "512Mi" : "2048Mi",
  sliderMin: 128,
  sliderMax: 8192,
  sliderStep: 128,
  sliderUnit: "Mi",
  sliderExtremity: side,
  sliderRangeId: rangeId,
  ...extra,
});
const range = (down: JSONSchema, up: JSONSchema) =>
  obj({ requests: obj({ memory: down }), limits: obj({ memory: up }) });

describe("lintChartSchema: range sliders", () => {
  it("accepts a well-formed range", () => {
    expect(lintChartSchema(obj({ resources: range(end("down"), end("up")) }))).toEqual([]);
  });

  it("reports ends with different units, naming both pointers", () => {
    const findings = lintChartSchema(
      obj({
        resources: range(
          end("down"),
          end("up", { default: "2Gi", sliderUnit: "Gi", sliderMin: 1, sliderMax: 32 }),
        ),
      }),
    );
    const units = findings.find((f) => f.message.includes("different units"));
    expect(units).toMatchObject({
      severity: "error",
      rule: "slider-range",
      pointer: "/properties/resources/properties/requests/properties/memory",
    });
    expect(units?.message).toContain(
      '"Mi" here and "Gi" at /properties/resources/properties/limits/properties/memory',
    );
  });

  it("reports different steps and ends without any step", () => {
    const steps = lintChartSchema(obj({ r: range(end("down"), end("up", { sliderStep: 256 })) }));
    expect(steps.map((f) => f.message).join()).toContain("different steps, 128 here and 256");
    const none = lintChartSchema(
      obj({
        r: range(end("down", { sliderStep: undefined }), end("up", { sliderStep: undefined })),
      }),
    );
    expect(none.map((f) => f.message).join()).toContain("neither end has a sliderStep");
    // One step on either end is enough.
    expect(
      lintChartSchema(obj({ r: range(end("down"), end("up", { sliderStep: undefined })) })),
    ).toEqual([]);
  });

  it("reports a down end without its up end, and an up end without a down end", () => {
    expect(brief(lintChartSchema(obj({ a: end("down") })))).toEqual([
      ["error", "slider-range", "/properties/a"],
    ]);
    expect(lintChartSchema(obj({ a: end("up") }))[0]?.message).toContain(
      '"up" end has no "down" end',
    );
    // Ids must match: a cpu down end does not pair with a memory up end.
    expect(
      countFindings(lintChartSchema(obj({ a: end("down", {}, "cpu"), b: end("up") }))).errors,
    ).toBe(2);
  });

  it("accepts one range per component sharing an id, warns when pairs interleave", () => {
    const component = () => obj({ resources: range(end("down"), end("up")) });
    expect(lintChartSchema(obj({ server: component(), worker: component() }))).toEqual([]);
    const interleaved = obj({
      resources: obj({
        requests: obj({ a: end("down"), b: end("down") }),
        limits: obj({ a: end("up"), b: end("up") }),
      }),
    });
    const findings = lintChartSchema(interleaved);
    expect(findings.map((f) => f.severity)).toEqual(["warning", "warning"]);
    expect(findings[0]?.message).toContain("4 ends share this sliderRangeId");
  });

  it("needs a sliderRangeId and the slider bounds", () => {
    const findings = lintChartSchema(
      obj({ a: end("down", { sliderRangeId: undefined, sliderMax: undefined }) }),
    );
    const messages = findings.map((f) => f.message);
    expect(messages).toContain(
      "a: a range slider end needs numeric sliderMax: Onyxia's web throws",
    );
    expect(messages).toContain("a: a range slider end needs a sliderRangeId: Onyxia's web throws");
  });

  it("checks that range defaults carry the unit", () => {
    const findings = lintChartSchema(obj({ r: range(end("down", { default: "1Gi" }), end("up")) }));
    expect(brief(findings)).toEqual([
      ["error", "slider-value", "/properties/r/properties/requests/properties/memory"],
    ]);
    expect(findings[0]?.message).toContain('default "1Gi" does not end with the sliderUnit "Mi"');
  });
});

describe("lintChartSchema: slider types and values", () => {
  const slider = (extra: JSONSchema): JSONSchema => ({
    type: "number",
    default: 1,
    render: "slider",
    sliderMin: 1,
    sliderMax: 3,
    sliderStep: 1,
    ...extra,
  });

  it("accepts number and string sliders", () => {
    expect(lintChartSchema(obj({ n: slider({}) }))).toEqual([]);
    expect(
      lintChartSchema(obj({ s: slider({ type: "string", default: "10Gi", sliderUnit: "Gi" }) })),
    ).toEqual([]);
  });

  it("rejects integer sliders (simple and range ends)", () => {
    expect(brief(lintChartSchema(obj({ n: slider({ type: "integer" }) })))).toEqual([
      ["error", "slider-type", "/properties/n"],
    ]);
    const range = lintChartSchema(
      obj({
        r: obj({
          a: end("down", { type: "integer", default: 1, sliderUnit: undefined }),
          b: end("up", { sliderUnit: undefined, default: "3" }),
        }),
      }),
    );
    expect(range.filter((f) => f.rule === "slider-type").map((f) => f.pointer)).toEqual([
      "/properties/r/properties/a",
    ]);
  });

  it("rejects a number default with a unit, and a default that is not a number", () => {
    expect(lintChartSchema(obj({ n: slider({ sliderUnit: "" }) }))[0]?.message).toContain(
      'default 1 is a number but sliderUnit is ""',
    );
    expect(brief(lintChartSchema(obj({ s: slider({ type: "string", default: "lots" }) })))).toEqual(
      [["error", "slider-value", "/properties/s"]],
    );
  });

  it("warns on render slider without bounds (a plain field) and a rangeId without extremity", () => {
    const findings = lintChartSchema(
      obj({ a: { type: "integer", render: "slider" }, b: slider({ sliderRangeId: "cpu" }) }),
    );
    expect(brief(findings)).toEqual([
      ["warning", "slider-bounds", "/properties/a"],
      ["warning", "slider-range", "/properties/b"],
    ]);
  });
});

describe("lintChartSchema: listEnum and render list", () => {
  it("reports a default outside listEnum (or enum), as a warning when an override may apply", () => {
    expect(
      lintChartSchema(obj({ v: { type: "string", listEnum: ["a", "b"], default: "b" } })),
    ).toEqual([]);
    expect(
      brief(lintChartSchema(obj({ v: { type: "string", listEnum: ["a", "b"], default: "c" } }))),
    ).toEqual([["error", "list-enum-default", "/properties/v"]]);
    expect(
      brief(lintChartSchema(obj({ v: { type: "string", enum: ["a"], default: "c" } }))),
    ).toEqual([["error", "list-enum-default", "/properties/v"]]);
    const overridden = lintChartSchema(
      obj({
        v: {
          type: "string",
          listEnum: ["a"],
          default: "c",
          "x-onyxia": { overwriteDefaultWith: "user.lang" },
        },
      }),
    );
    expect(brief(overridden)).toEqual([["warning", "list-enum-default", "/properties/v"]]);
  });

  it("compares structured options deeply", () => {
    const schema = obj({
      v: { type: "object", listEnum: [{ a: 1, b: [2] }], default: { b: [2], a: 1 } },
    });
    expect(lintChartSchema(schema)).toEqual([]);
  });

  it("reports render list without options, but not with overwriteListEnumWith", () => {
    expect(brief(lintChartSchema(obj({ v: { type: "string", render: "list" } })))).toEqual([
      ["error", "render-list", "/properties/v"],
    ]);
    expect(
      lintChartSchema(
        obj({
          v: {
            type: "string",
            render: "list",
            "x-onyxia": { overwriteListEnumWith: "user.decodedIdToken.groups" },
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe("lintChartSchema: overwriteSchemaWith", () => {
  it("accepts registry keys and warns on keys that resolve to nothing", () => {
    const schema = obj({
      resources: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/resources.json" } },
      networking: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/networking.json" } },
    });
    const findings = lintChartSchema(schema);
    expect(brief(findings)).toEqual([
      [
        "warning",
        "overwrite-schema-missing",
        "/properties/networking/x-onyxia/overwriteSchemaWith",
      ],
    ]);
  });

  it("checks keys against the registry it is given (admin or role schemas)", () => {
    const registry = createSchemaRegistry({
      builtIn: builtInSchemas,
      roles: { gpu: { "ide/networking.json": { type: "object", properties: {} } } },
    });
    const schema = obj({
      networking: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/networking.json" } },
    });
    expect(lintChartSchema(schema, { registry, roles: ["gpu"] })).toEqual([]);
    expect(lintChartSchema(schema, { registry, roles: [] })).toHaveLength(1);
  });

  it("lints what the registry schema brings in (the resolved tree)", () => {
    const registry = createSchemaRegistry({
      builtIn: { "bad.json": { type: "integer", render: "slider", sliderMin: 1, sliderMax: 2 } },
    });
    const schema = obj({ n: { type: "number", "x-onyxia": { overwriteSchemaWith: "bad.json" } } });
    expect(brief(lintChartSchema(schema, { registry }))).toEqual([
      ["error", "slider-type", "/properties/n"],
    ]);
  });

  it("reports a broken $ref as an error with its pointer", () => {
    const findings = lintChartSchema(obj({ a: { $ref: "#/definitions/missing" } }));
    expect(brief(findings)).toEqual([["error", "schema-resolution", "/properties/a/$ref"]]);
  });
});

describe("lintChartSchema: overwriteDefaultWith references", () => {
  const withDefault = (overwriteDefaultWith: unknown): JSONSchema =>
    obj({ f: { type: "string", "x-onyxia": { overwriteDefaultWith } as never } });

  it("accepts every form the context can fill", () => {
    for (const expression of [
      "user.email",
      "{{project.id}}-{{k8s.randomSubdomain}}.{{k8s.domain}}",
      "{{s3.AWS_ACCESS_KEY_ID}}",
      "user.decodedIdToken.groups[0]",
      'region.customValues["my.key"]',
      "s3_array[0].profileName",
      "k8s.istio.gateways[1]",
      ["literal", "{{user.idep}}"],
      { name: "{{git.name}}", fixed: "tls-secret" },
    ]) {
      expect(lintChartSchema(withDefault(expression)), JSON.stringify(expression)).toEqual([]);
    }
  });

  it("warns on references the context can never fill, naming the missing key", () => {
    const cases: [unknown, string][] = [
      ["{{s3.workingDirectoryPath}}", 'no "workingDirectoryPath" under "s3"'],
      ["git.project", 'no "project" under "git"'],
      ["lakefs", 'the context has no "lakefs"'],
      ["{{user.email.domain}}", 'no "domain" under "user.email"'],
      [["{{user.idep}}", "{{kaggleApiToken}}"], 'no "kaggleApiToken"'],
      ["s3_array.first", 'no "first" under "s3_array"'],
      ["user..email", "not a valid context path"],
    ];
    for (const [expression, text] of cases) {
      const findings = lintChartSchema(withDefault(expression));
      expect(brief(findings), JSON.stringify(expression)).toEqual([
        ["warning", "overwrite-default-unfillable", "/properties/f/x-onyxia/overwriteDefaultWith"],
      ]);
      expect(findings[0]?.message).toContain(text);
    }
  });

  it("checks overwriteListEnumWith against the same context", () => {
    const schema = obj({
      f: { type: "string", "x-onyxia": { overwriteListEnumWith: "region.sizes" } },
    });
    expect(lintChartSchema(schema)[0]?.pointer).toBe(
      "/properties/f/x-onyxia/overwriteListEnumWith",
    );
  });

  it("walks the context shape: free-form nodes accept any sub-path, leaves none", () => {
    expect(unreachableSegment(["user", "profile", "aiAssistant", "model"])).toBeUndefined();
    expect(unreachableSegment(["region", "resources", "cpuRequest"])).toBeUndefined();
    expect(unreachableSegment(["region", "resources", "cpu"])).toBe(2);
    expect(unreachableSegment(["service", "oneTimePassword", "x"])).toBe(2);
  });
});

describe("lintChartSchema: hidden rules", () => {
  const hiddenWhen = (path: string, isPathRelative?: boolean): JSONSchema =>
    obj({
      service: obj({
        custom: obj({ enabled: { type: "boolean", default: false } }),
        version: {
          type: "string",
          hidden: {
            value: true,
            path,
            ...(isPathRelative === undefined ? {} : { isPathRelative }),
          },
        },
      }),
    });

  it("accepts absolute and relative paths to defined properties", () => {
    expect(lintChartSchema(hiddenWhen("service/custom/enabled"))).toEqual([]);
    expect(lintChartSchema(hiddenWhen("custom/enabled", true))).toEqual([]);
  });

  it("warns on a path to a missing property", () => {
    const findings = lintChartSchema(hiddenWhen("service/custom/enable"));
    expect(brief(findings)).toEqual([
      ["warning", "hidden-path-missing", "/properties/service/properties/version/hidden"],
    ]);
    expect(findings[0]?.message).toContain("service.custom.enable");
    // A relative path is resolved from the field's parent.
    expect(lintChartSchema(hiddenWhen("service/custom/enabled", true))).toHaveLength(1);
  });

  it("accepts paths into free-form objects and array items", () => {
    const schema = obj({
      extra: { type: "object" },
      list: { type: "array", items: obj({ on: { type: "boolean" } }) },
      a: { type: "string", hidden: { value: 1, path: "extra/any/key" } },
      b: { type: "string", hidden: { value: true, path: "list/0/on" } },
    });
    expect(lintChartSchema(schema)).toEqual([]);
  });

  it("rejects a malformed hidden rule", () => {
    const schema = obj({ a: { type: "string", hidden: { value: true } as never } });
    expect(brief(lintChartSchema(schema))).toEqual([
      ["error", "hidden-rule", "/properties/a/hidden"],
    ]);
  });
});

describe("lintChartSchema: general", () => {
  it("returns nothing for a chart without schema and counts findings", () => {
    expect(lintChartSchema(null)).toEqual([]);
    expect(
      countFindings([
        { severity: "error", rule: "slider-type", pointer: "", message: "" },
        { severity: "warning", rule: "slider-type", pointer: "", message: "" },
        { severity: "warning", rule: "slider-type", pointer: "", message: "" },
      ]),
    ).toEqual({ errors: 1, warnings: 2 });
  });

  it("does not mutate the schema", () => {
    const schema = obj({ n: { type: "integer", render: "slider", sliderMin: 1, sliderMax: 2 } });
    const copy = structuredClone(schema);
    lintChartSchema(schema);
    expect(schema).toEqual(copy);
  });
});
