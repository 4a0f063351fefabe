// The "include values.yaml defaults" view of the values editor (reference §4.4,
// infoAmountInHelmValues): the computed values, plus the values.yaml keys they do not set.
import type { JsonValue } from "../schema/types.ts";
import { isJsonObject } from "./json.ts";

/** Computed values win; values.yaml only fills keys they lack. Arrays are never merged item by item. */
export function mergeValuesYamlDefaults(
  values: JsonValue,
  valuesYaml: JsonValue | undefined,
): JsonValue {
  if (!isJsonObject(values) || !isJsonObject(valuesYaml)) return values;
  const out: Record<string, JsonValue> = { ...valuesYaml };
  for (const [key, value] of Object.entries(values)) {
    out[key] = Object.hasOwn(valuesYaml, key)
      ? mergeValuesYamlDefaults(value, valuesYaml[key])
      : value;
  }
  return out;
}
