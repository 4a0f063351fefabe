// Approximates a resolved override to the node's type when it does not validate as is
// (context values are often strings where charts expect booleans or numbers, and back).
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { primaryType } from "./json.ts";

const TRUE_STRINGS = new Set(["true", "yes", "1", "on"]);
const FALSE_STRINGS = new Set(["false", "no", "0", "off", ""]);
const NUMBER_LIKE = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The coerced value, or undefined when no reasonable approximation exists. */
export function coerceToNodeType(node: JSONSchema, value: JsonValue): JsonValue | undefined {
  const type = primaryType(node);
  switch (type) {
    case "boolean":
      if (typeof value === "string") {
        const lower = value.trim().toLowerCase();
        if (TRUE_STRINGS.has(lower)) return true;
        if (FALSE_STRINGS.has(lower)) return false;
      }
      return undefined;
    case "number":
    case "integer":
      if (typeof value === "string" && NUMBER_LIKE.test(value)) {
        const parsed = Number(value);
        return type === "integer" && !Number.isInteger(parsed) ? undefined : parsed;
      }
      return undefined;
    case "string":
      return typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    default:
      return undefined;
  }
}
