// Server-side check of the selects whose options come from the caller (`x-onyxia.
// overwriteListEnumWith`, e.g. `user.decodedIdToken.groups`): the form offers only those options,
// so a value outside them was forged. The schema default (often "") stays allowed.
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { childPath, indexPath } from "../schema/schema-path.ts";
import { resolveListEnumOptions } from "./list-enum.ts";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One message per value outside the options its select offers this caller. A reference the
 * context cannot resolve (a part of the context the server does not know) is not checked.
 */
export function contextChoiceErrors(
  schema: JSONSchema,
  values: unknown,
  context: unknown,
  path = "",
): string[] {
  if (values === undefined) return [];
  const errors: string[] = [];
  const options = resolveListEnumOptions(schema, context);
  if (
    options !== undefined &&
    !(schema.default !== undefined && same(values, schema.default)) &&
    !options.some((o) => same(o, values))
  ) {
    const expression = schema["x-onyxia"]?.overwriteListEnumWith;
    errors.push(
      `${path || "options"} must be one of ${typeof expression === "string" ? expression : "the offered options"} (${options.map((o) => JSON.stringify(o)).join(", ") || "none"}), got ${JSON.stringify(values as JsonValue).slice(0, 100)}`,
    );
  }
  if (schema.properties && typeof values === "object" && values !== null && !Array.isArray(values))
    for (const [key, child] of Object.entries(schema.properties))
      errors.push(
        ...contextChoiceErrors(
          child,
          (values as Record<string, unknown>)[key],
          context,
          childPath(path, key),
        ),
      );
  if (schema.items && !Array.isArray(schema.items) && Array.isArray(values))
    values.forEach((item, i) =>
      errors.push(
        ...contextChoiceErrors(schema.items as JSONSchema, item, context, indexPath(path, i)),
      ),
    );
  return errors;
}
