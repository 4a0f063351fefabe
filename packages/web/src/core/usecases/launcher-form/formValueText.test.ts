import { describe, expect, it } from "vitest";
import { checkCatalogs, checkChartVersions } from "../../adapters/onyxia-api/checkAnswers.ts";
import {
  optionLabel,
  parseNumberInput,
  parseYamlBlock,
  sliderValue,
  toYamlText,
} from "./formValueText.ts";

describe("YAML block editor", () => {
  it("parses a mapping and round-trips it", () => {
    const parsed = parseYamlBlock("disktype: ssd\nzone: eu-west\n", "object");
    expect(parsed).toEqual({ ok: true, value: { disktype: "ssd", zone: "eu-west" } });
    expect(parseYamlBlock(toYamlText({ a: [1, 2] }), "object")).toEqual({
      ok: true,
      value: { a: [1, 2] },
    });
  });

  it("reads an empty editor as an empty container of the expected kind", () => {
    expect(parseYamlBlock("", "array")).toEqual({ ok: true, value: [] });
    expect(parseYamlBlock("  \n", "object")).toEqual({ ok: true, value: {} });
  });

  it("reports syntax errors and container mismatches", () => {
    const broken = parseYamlBlock("a: [1, 2\n", "object");
    expect(broken.ok).toBe(false);
    expect(parseYamlBlock("- a\n- b\n", "object")).toEqual({
      ok: false,
      message: "expected a mapping of keys to values",
    });
    expect(parseYamlBlock("a: 1\n", "array")).toEqual({ ok: false, message: "expected a list" });
  });
});

describe("field text helpers", () => {
  it("writes slider values with their unit when the field holds strings", () => {
    expect(sliderValue(2, "Gi", "string")).toBe("2Gi");
    expect(sliderValue(2, "Gi", "number")).toBe(2);
  });

  it("parses number inputs", () => {
    expect(parseNumberInput("", false)).toBeUndefined();
    expect(parseNumberInput("1.5", false)).toBe(1.5);
    expect(parseNumberInput("1.5", true)).toBe("invalid");
    expect(parseNumberInput("abc", false)).toBe("invalid");
  });

  it("labels non-string options as JSON", () => {
    expect(optionLabel("a")).toBe("a");
    expect(optionLabel({ k: 1 })).toBe('{"k":1}');
  });
});

describe("API answers against the contract", () => {
  it("reads the charts under `catalog.latestPackages` and names a catalog without them", () => {
    const answer = {
      catalogs: [{ id: "a", name: "A", catalog: { latestPackages: { x: { version: "1" } } } }],
    };
    expect(Object.keys(checkCatalogs(answer).catalogs[0]?.catalog.latestPackages ?? {})).toEqual([
      "x",
    ]);
    expect(() => checkCatalogs({ catalogs: [{ id: "b", latestPackages: {} }] })).toThrow(
      /"catalog.latestPackages" in catalog 0/,
    );
    expect(() => checkCatalogs({})).toThrow(/"catalogs"/);
  });

  it("accepts a list of versions, and names a bad entry", () => {
    expect(checkChartVersions([{ name: "p", version: "2.0.0" }]).map((v) => v.version)).toEqual([
      "2.0.0",
    ]);
    expect(() => checkChartVersions([{ name: "p" }])).toThrow(/index 0/);
    expect(() => checkChartVersions({ versions: [] })).toThrow(/not a list/);
  });
});
