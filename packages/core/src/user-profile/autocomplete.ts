// The launcher's autocomplete options from the profile's kept-out fields (reference §9): a text
// field of an array item, where the array is filled from the context by `overwriteDefaultWith`
// (e.g. `{{user.profile.s3Profiles}}`), is offered the items of the same path among the fields the
// user kept out of launches. Picking one replaces the whole item with what that entry would have
// given had it been injected.
import { computeDefaultValues } from "../defaults/compute-default-values.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import { deepEqual, isJsonObject, itemsSchemaOf, primaryType } from "../defaults/json.ts";
import { getValueAtPath } from "../form/values-path.ts";
import { parseContextPath, readAtContextPath } from "../context/context-path.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";

export interface AutocompleteOption {
  /** What the field would hold. */
  optionValue: string;
  /** Picking it sets this subtree (the whole array item) at this path. */
  overwrite: { path: HelmValuesPath; value: JsonValue };
}

/** The schema node describing the values at `path` (properties for keys, items for indices). */
export function schemaAtValuesPath(
  schema: JSONSchema,
  path: HelmValuesPath,
): JSONSchema | undefined {
  let node: JSONSchema | undefined = schema;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node =
      typeof segment === "number"
        ? itemsSchemaOf(node)
        : (node.properties?.[segment] as JSONSchema | undefined);
  }
  return node;
}

const FULL_PLACEHOLDER = /^\{\{([^{}]*)\}\}$/;

export function computeAutocompleteOptions(input: {
  schema: JSONSchema;
  values: JsonValue;
  /** The text field's path: `[...array, index, key]`. */
  path: HelmValuesPath;
  /** The launch's context: what the entries are completed with. */
  context: unknown;
  /** What launches do not inject (`{user: {profile: kept}}`). */
  autocompleteContext: unknown;
}): AutocompleteOption[] {
  const { schema, values, path } = input;
  const key = path[path.length - 1];
  if (path.length < 3 || typeof key !== "string" || typeof path[path.length - 2] !== "number")
    return [];
  const arrayPath = path.slice(0, -2);
  const arrayNode = schemaAtValuesPath(schema, arrayPath);
  if (arrayNode === undefined || primaryType(arrayNode) !== "array") return [];
  const items = itemsSchemaOf(arrayNode);
  if (items === undefined || primaryType(items) !== "object") return [];
  const expression = arrayNode["x-onyxia"]?.overwriteDefaultWith;
  if (typeof expression !== "string") return [];
  const segments = parseContextPath(FULL_PLACEHOLDER.exec(expression.trim())?.[1] ?? expression);
  const entries = segments && readAtContextPath(input.autocompleteContext, segments);
  if (!Array.isArray(entries)) return [];
  const current = getValueAtPath(values, arrayPath);
  const existing = Array.isArray(current) ? current : [];

  const options: AutocompleteOption[] = [];
  for (const entry of entries as unknown[]) {
    if (!isJsonObject(entry as JsonValue)) continue;
    const item = completeItem(arrayNode, entry as JsonValue, input.context);
    if (!isJsonObject(item ?? null)) continue;
    const optionValue = (item as Record<string, JsonValue>)[key];
    if (typeof optionValue !== "string") continue;
    if (existing.some((e) => deepEqual(e, item))) continue;
    if (options.some((o) => o.optionValue === optionValue)) continue;
    options.push({ optionValue, overwrite: { path: path.slice(0, -1), value: item! } });
  }
  return options;
}

/**
 * The item the launch would hold had `entry` been injected: the array's own mapping (each
 * property from the same-named key of the entry, else its default) over the launch's context.
 */
function completeItem(
  arrayNode: JSONSchema,
  entry: JsonValue,
  context: unknown,
): JsonValue | undefined {
  const wrapper: JSONSchema = {
    type: "object",
    properties: {
      item: {
        ...arrayNode,
        "x-onyxia": { ...arrayNode["x-onyxia"], overwriteDefaultWith: "{{autocompleteEntry}}" },
      },
    },
  };
  const merged = isJsonObject((context ?? null) as JsonValue) ? (context as object) : {};
  try {
    const { values } = computeDefaultValues(wrapper, {
      context: { ...merged, autocompleteEntry: [entry] },
    });
    const list = getValueAtPath(values, ["item"]);
    return Array.isArray(list) ? list[0] : undefined;
  } catch {
    return undefined;
  }
}
