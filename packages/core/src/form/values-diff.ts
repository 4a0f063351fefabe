// The helm values patch (reference §5.3): what differs between the computed defaults and the
// current values, as leaf entries, so it fits launch links and saved configurations.
import { deepEqual, isJsonObject } from "../defaults/json.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import type { JsonValue } from "../schema/types.ts";
import { removeValueAtPath, setValueAtPath } from "./values-path.ts";

/**
 * `value: undefined` removes the entry. Values are atomic (what launch links can carry), except
 * `{}` / `[]` for a new EMPTY container, which no atomic entry can express.
 */
export interface ValuesDiffEntry {
  path: HelmValuesPath;
  value: JsonValue | undefined;
}

export function computeValuesDiff(
  defaults: JsonValue | undefined,
  current: JsonValue | undefined,
): ValuesDiffEntry[] {
  const out: ValuesDiffEntry[] = [];
  diff(defaults, current, [], out);
  return out;
}

function diff(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: HelmValuesPath,
  out: ValuesDiffEntry[],
): void {
  if (deepEqual(before, after)) return;
  if (after === undefined) {
    out.push({ path, value: undefined });
    return;
  }
  if (isJsonObject(after)) {
    let base: Record<string, JsonValue> = {};
    if (isJsonObject(before)) base = before;
    else replaceContainer(after, path, out);
    for (const key of Object.keys(base))
      if (!Object.hasOwn(after, key)) out.push({ path: [...path, key], value: undefined });
    for (const [key, value] of Object.entries(after)) {
      diff(Object.hasOwn(base, key) ? base[key] : undefined, value, [...path, key], out);
    }
    return;
  }
  if (Array.isArray(after)) {
    let base: JsonValue[] = [];
    if (Array.isArray(before)) base = before;
    else replaceContainer(after, path, out);
    after.forEach((value, i) => diff(base[i], value, [...path, i], out));
    // Trailing removals from the end, so each index is still valid when applied.
    for (let i = base.length - 1; i >= after.length; i--)
      out.push({ path: [...path, i], value: undefined });
    return;
  }
  out.push({ path, value: after });
}

/** A non-empty container is rebuilt by its leaf entries, which replace whatever is on their way. */
function replaceContainer(after: JsonValue, path: HelmValuesPath, out: ValuesDiffEntry[]): void {
  const isEmpty = Array.isArray(after)
    ? after.length === 0
    : Object.keys(after as object).length === 0;
  if (isEmpty) out.push({ path, value: after });
}

export function applyValuesPatch(
  values: JsonValue | undefined,
  patch: ValuesDiffEntry[],
): JsonValue | undefined {
  let current = values;
  for (const { path, value } of patch) {
    current =
      value === undefined ? removeValueAtPath(current, path) : setValueAtPath(current, path, value);
  }
  return current;
}

export type AtomicValuesDiffEntry = ValuesDiffEntry & {
  value: string | number | boolean | null | undefined;
};

/** True for entries a launch link can carry (everything but a new empty `{}` / `[]`). */
export function isAtomicDiffEntry(entry: ValuesDiffEntry): entry is AtomicValuesDiffEntry {
  return entry.value === undefined || entry.value === null || typeof entry.value !== "object";
}
