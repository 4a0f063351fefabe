// How deep helm values nest. Real values stay a few levels deep; a body nested hundreds of levels
// overflows the stack of recursive code downstream (the YAML library, the validator), so it is
// refused first, by an iterative walk that cannot overflow itself.
import { childPath, indexPath } from "./schema-path.ts";

/** The deepest nesting of objects and arrays accepted in helm values. */
export const MAX_VALUES_DEPTH = 64;

/**
 * The path of the first object or array nested deeper than `max` levels (the top-level object is
 * level 1), or undefined when `value` stays within it.
 */
export function tooDeepPath(value: unknown, max = MAX_VALUES_DEPTH): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value: node, path, depth } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > max) return path || "(the top level)";
    if (Array.isArray(node))
      node.forEach((item, i) =>
        stack.push({ value: item, path: indexPath(path, i), depth: depth + 1 }),
      );
    else
      for (const [key, item] of Object.entries(node))
        stack.push({ value: item, path: childPath(path, key), depth: depth + 1 });
  }
  return undefined;
}
