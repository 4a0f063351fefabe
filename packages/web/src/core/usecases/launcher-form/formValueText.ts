// React-free helpers shared by the form widgets, unit-tested in test/formValueText.test.ts.
import type { JsonValue } from "@onyxia-ts/core";
import { parse, stringify } from "yaml";

/** How a select option is labelled: strings as-is, anything else as compact JSON. */
export function optionLabel(option: JsonValue): string {
  return typeof option === "string" ? option : JSON.stringify(option);
}

/** The string a slider writes back: a bare number, or the number with its unit ("2Gi"). */
export function sliderValue(
  value: number,
  unit: string | undefined,
  valueType: "number" | "string",
): JsonValue {
  return valueType === "number" ? value : `${value}${unit ?? ""}`;
}

export type YamlParseResult = { ok: true; value: JsonValue } | { ok: false; message: string };

export function toYamlText(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  return stringify(value, { lineWidth: 0 });
}

/** Parses the YAML editor's text, checking it is the container the schema expects. */
export function parseYamlBlock(
  text: string,
  expectedType: "object" | "array" | undefined,
): YamlParseResult {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    return { ok: false, message };
  }
  // An empty editor means an empty container, not null.
  if (value === null || value === undefined)
    value = expectedType === "array" ? [] : expectedType === "object" ? {} : null;
  if (expectedType === "array" && !Array.isArray(value))
    return { ok: false, message: "expected a list" };
  if (
    expectedType === "object" &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  ) {
    return { ok: false, message: "expected a mapping of keys to values" };
  }
  return { ok: true, value: value as JsonValue };
}

/** Number inputs: "" clears the field; anything unparsable is rejected. */
export function parseNumberInput(text: string, isInteger: boolean): number | undefined | "invalid" {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || (isInteger && !Number.isInteger(n))) return "invalid";
  return n;
}
