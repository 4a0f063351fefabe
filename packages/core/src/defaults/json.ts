// Small JSON helpers shared by the defaults and form code.
import type { JsonValue } from "../schema/types.ts";

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keysA = Object.keys(a);
    return (
      keysA.length === Object.keys(b).length &&
      keysA.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** The first non-"null" type of a node, or the type of its `const`. */
export function primaryType(node: { type?: unknown; const?: JsonValue }): string | undefined {
  const { type } = node;
  if (typeof type === "string") return type;
  if (Array.isArray(type))
    return type.find((t): t is string => typeof t === "string" && t !== "null") ?? "null";
  if (node.const !== undefined) {
    if (node.const === null) return "null";
    if (Array.isArray(node.const)) return "array";
    return typeof node.const;
  }
  return undefined;
}

/** The single `items` schema; the draft-07 tuple form (unused by Onyxia charts) gives undefined. */
export function itemsSchemaOf<T extends { items?: unknown }>(
  node: T,
): Exclude<T["items"], unknown[]> | undefined {
  const items = node.items;
  return items !== undefined && items !== null && typeof items === "object" && !Array.isArray(items)
    ? (items as Exclude<T["items"], unknown[]>)
    : undefined;
}
