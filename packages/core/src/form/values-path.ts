// Immutable reads and writes of helm values by path (keys and array indices).
import { isJsonObject } from "../defaults/json.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import type { JsonValue } from "../schema/types.ts";

function asIndex(container: JsonValue[], segment: string | number): number | undefined {
  const index =
    typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
  return index !== undefined && Number.isInteger(index) && index >= 0 && index <= container.length
    ? index
    : undefined;
}

export function getValueAtPath(
  values: JsonValue | undefined,
  path: HelmValuesPath,
): JsonValue | undefined {
  let current: JsonValue | undefined = values;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = asIndex(current, segment);
      current = index === undefined ? undefined : current[index];
    } else if (isJsonObject(current) && Object.hasOwn(current, String(segment))) {
      current = current[String(segment)];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A copy of `values` with `value` at `path`. Missing containers are created (an array before a
 * number), and a container of the wrong kind or an atomic value on the way is replaced.
 */
export function setValueAtPath(
  values: JsonValue | undefined,
  path: HelmValuesPath,
  value: JsonValue,
): JsonValue {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(values) && typeof head === "number") {
    if (asIndex(values, head) === undefined) {
      throw new Error(
        `cannot set index ${head} of an array of length ${values.length} (holes are not allowed)`,
      );
    }
    const copy = [...values];
    copy[head] = setValueAtPath(values[head], rest, value);
    return copy;
  }
  // A missing or atomic value is replaced by the container the path needs.
  if (typeof head === "number" && !Array.isArray(values)) {
    if (head !== 0) throw new Error(`cannot create an array starting at index ${head}`);
    return [setValueAtPath(undefined, rest, value)];
  }
  const base = isJsonObject(values) ? values : {};
  const key = String(head);
  return {
    ...base,
    [key]: setValueAtPath(Object.hasOwn(base, key) ? base[key] : undefined, rest, value),
  };
}

/** A copy of `values` without the entry at `path` (array items are spliced out). */
export function removeValueAtPath(
  values: JsonValue | undefined,
  path: HelmValuesPath,
): JsonValue | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  if (Array.isArray(values)) {
    const index = asIndex(values, head);
    if (index === undefined || index >= values.length) return values;
    const copy = [...values];
    if (rest.length === 0) copy.splice(index, 1);
    else copy[index] = removeValueAtPath(values[index], rest) ?? null;
    return copy;
  }
  if (!isJsonObject(values)) return values;
  const key = String(head);
  if (!Object.hasOwn(values, key)) return values;
  const copy = { ...values };
  if (rest.length === 0) delete copy[key];
  else {
    const child = removeValueAtPath(values[key], rest);
    if (child === undefined) delete copy[key];
    else copy[key] = child;
  }
  return copy;
}
