// Options of a select supplied by `x-onyxia.overwriteListEnumWith` (reference §4.2).
import { resolveXOnyxiaReference, type ResolveOptions } from "../context/resolve-reference.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { coerceToNodeType } from "./coerce.ts";
import { isValidForNode } from "./node-validation.ts";

/**
 * The resolved options, each coerced to the node's type or dropped when it cannot be;
 * undefined when the node has no such keyword or the reference does not give an array.
 */
export function resolveListEnumOptions(
  node: JSONSchema,
  context: unknown,
  options: ResolveOptions = {},
): JsonValue[] | undefined {
  const expression = node["x-onyxia"]?.overwriteListEnumWith;
  if (expression === undefined) return undefined;
  const resolved = resolveXOnyxiaReference(expression, context, options);
  if (!Array.isArray(resolved)) return undefined;
  const out: JsonValue[] = [];
  for (const option of resolved) {
    if (isValidForNode(node, option)) {
      out.push(option);
      continue;
    }
    const coerced = coerceToNodeType(node, option);
    if (coerced !== undefined && isValidForNode(node, coerced)) out.push(coerced);
  }
  return out;
}
