// Slider values are numbers, or strings carrying the unit (e.g. "2Gi" with sliderUnit "Gi").
import type { JsonValue } from "../schema/types.ts";

export type SliderValueType = "number" | "string";

export function parseSliderValue(
  value: JsonValue | undefined,
  unit: string | undefined,
): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  let text = value.trim();
  if (unit && text.endsWith(unit)) text = text.slice(0, -unit.length).trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

export function formatSliderValue(
  value: number,
  unit: string | undefined,
  valueType: SliderValueType,
): JsonValue {
  return valueType === "number" ? value : `${value}${unit ?? ""}`;
}
