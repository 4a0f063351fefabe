// Dotted paths of schema nodes for error messages, and JSON pointer parsing for `$ref`.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a key to a dotted path: `properties.resources`, `properties["nvidia.com/gpu"]`. */
export function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/**
 * Splits a URI fragment such as `/definitions/a~1b` into `["definitions", "a/b"]`.
 * Returns undefined for fragments that are not JSON pointers (`#anchor` style).
 */
export function parseJsonPointer(fragment: string): string[] | undefined {
  if (fragment === "") return [];
  if (!fragment.startsWith("/")) return undefined;
  return fragment
    .slice(1)
    .split("/")
    .map((segment) => safeDecode(segment).replace(/~1/g, "/").replace(/~0/g, "~"));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Follows pointer segments through plain JSON; undefined when a segment is missing. */
export function followPointer(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return node;
}
