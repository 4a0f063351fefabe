import { describe, expect, it } from "vitest";
import {
  formatSliderValue,
  hiddenRuleTargetPath,
  isFieldHidden,
  parseSliderValue,
} from "../../src/form/index.ts";

describe("slider values", () => {
  it("reads numbers and unit-suffixed strings, and nothing else", () => {
    expect(parseSliderValue("2Gi", "Gi")).toBe(2);
    expect(parseSliderValue("1.5Gi", "Gi")).toBe(1.5);
    expect(parseSliderValue("250m", "m")).toBe(250);
    expect(parseSliderValue("7", "Gi")).toBe(7);
    expect(parseSliderValue(3, "Gi")).toBe(3);
    expect(parseSliderValue("2Ti", "Gi")).toBeUndefined();
    expect(parseSliderValue(undefined, "Gi")).toBeUndefined();
  });

  it("writes back in the field's own type", () => {
    expect(formatSliderValue(4000, "m", "string")).toBe("4000m");
    expect(formatSliderValue(4, "Gi", "number")).toBe(4);
    expect(parseSliderValue(formatSliderValue(12, "Gi", "string"), "Gi")).toBe(12);
  });
});

describe("conditional hidden paths", () => {
  it("resolves relative paths among siblings, also inside array items", () => {
    expect(hiddenRuleTargetPath("enabled", true, ["s3", "accessKeyId"])).toEqual(["s3", "enabled"]);
    expect(hiddenRuleTargetPath("custom/enabled", true, ["list", 2, "version"])).toEqual([
      "list",
      2,
      "custom",
      "enabled",
    ]);
    expect(hiddenRuleTargetPath("/service/image/custom/enabled", false, ["x"])).toEqual([
      "service",
      "image",
      "custom",
      "enabled",
    ]);
  });

  it("compares the target value deeply and treats a missing target as not equal", () => {
    const node = { type: "string" as const, hidden: { value: { mode: "off" }, path: "cfg" } };
    expect(isFieldHidden(node, ["field"], { cfg: { mode: "off" } })).toBe(true);
    expect(isFieldHidden(node, ["field"], { cfg: { mode: "on" } })).toBe(false);
    expect(isFieldHidden(node, ["field"], {})).toBe(false);
    const item = {
      type: "string" as const,
      hidden: { value: false, path: "enabled", isPathRelative: true },
    };
    const values = { list: [{ enabled: true }, { enabled: false }] };
    expect(isFieldHidden(item, ["list", 0, "name"], values)).toBe(false);
    expect(isFieldHidden(item, ["list", 1, "name"], values)).toBe(true);
  });
});
