// Onyxia's `env`: the user-supplied values flattened to dotted keys with string values.

export function flattenValues(
  values: unknown,
  prefix = "",
  into: Record<string, string> = {},
): Record<string, string> {
  if (Array.isArray(values)) {
    if (values.length === 0 && prefix) into[prefix] = "[]";
    values.forEach((item, index) => flattenValues(item, `${prefix}[${index}]`, into));
  } else if (typeof values === "object" && values !== null) {
    const entries = Object.entries(values);
    if (entries.length === 0 && prefix) into[prefix] = "{}";
    for (const [key, value] of entries)
      flattenValues(value, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into[prefix] = values === null ? "null" : String(values);
  }
  return into;
}

/** The value at a dotted path of nested objects, or undefined. */
export function valueAt(values: unknown, path: string): unknown {
  let current = values;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
