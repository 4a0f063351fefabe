import type { JsonValue } from "./types.ts";

export function cloneJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [key, sub] of Object.entries(value)) out[key] = cloneJson(sub);
    return out;
  }
  return value;
}

/** Freezes shared schema objects so that one caller's edit cannot leak into another's request. */
export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const sub of Object.values(value)) deepFreeze(sub);
}
