// Default helm values of a resolved chart schema, in Onyxia's order (reference §4.4):
// const → object properties → x-onyxia.overwriteDefaultWith → default → values.yaml → minItems.
import { resolveXOnyxiaReference, type ResolveOptions } from "../context/resolve-reference.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { coerceToNodeType } from "./coerce.ts";
import { DefaultValueError } from "./errors.ts";
import type { HelmValuesPath } from "./helm-path.ts";
import { isJsonObject, itemsSchemaOf, primaryType } from "./json.ts";
import { isValidForNode } from "./node-validation.ts";

export interface ComputeDefaultValuesOptions {
  /** The XOnyxiaContext (any object: the array mapping resolves against an item). */
  context: unknown;
  /** The chart's parsed values.yaml, used where the schema gives nothing. */
  valuesYaml?: JsonValue;
}

export interface DefaultValues {
  values: JsonValue;
  /** True when some override read `s3` from the context: the launcher then offers the S3 profile choice. */
  isChartUsingS3: boolean;
}

interface Walk {
  context: unknown;
  resolve: ResolveOptions;
}

export function computeDefaultValues(
  schema: JSONSchema,
  options: ComputeDefaultValuesOptions,
): DefaultValues {
  let isChartUsingS3 = false;
  const walk: Walk = {
    context: options.context,
    resolve: { onRead: (root) => (isChartUsingS3 ||= root === "s3") },
  };
  const values = computeNode(schema, options.valuesYaml, [], walk);
  return { values, isChartUsingS3 };
}

function computeNode(
  node: JSONSchema,
  valuesYaml: JsonValue | undefined,
  path: HelmValuesPath,
  walk: Walk,
): JsonValue {
  if (node.const !== undefined) return node.const;

  if (primaryType(node) === "object" && node.properties !== undefined) {
    const out: Record<string, JsonValue> = {};
    for (const [key, property] of Object.entries(node.properties)) {
      const yamlValue =
        isJsonObject(valuesYaml) && Object.hasOwn(valuesYaml, key) ? valuesYaml[key] : undefined;
      out[key] = computeNode(property, yamlValue, [...path, key], walk);
    }
    return out;
  }

  const overwritten = fromOverwriteDefaultWith(node, walk);
  if (overwritten !== undefined) return overwritten;

  if (node.default !== undefined && isValidForNode(node, node.default)) return node.default;

  if (valuesYaml !== undefined) return valuesYaml;

  if (primaryType(node) === "array" && node.minItems !== undefined) {
    const items = itemsSchemaOf(node);
    if (items === undefined) {
      throw new DefaultValueError(
        path,
        `array with minItems ${node.minItems} but no "items" schema to fill it`,
      );
    }
    return Array.from({ length: node.minItems }, (_, i) =>
      computeNode(items, undefined, [...path, i], walk),
    );
  }

  throw new DefaultValueError(
    path,
    'no default value: the schema has no const, valid "default" or usable x-onyxia.overwriteDefaultWith, and values.yaml has no value',
  );
}

function fromOverwriteDefaultWith(node: JSONSchema, walk: Walk): JsonValue | undefined {
  const expression = node["x-onyxia"]?.overwriteDefaultWith;
  if (expression === undefined) return undefined;
  const resolved = resolveXOnyxiaReference(expression, walk.context, walk.resolve);
  if (resolved === undefined) return undefined;

  const mapped = mapArrayOfObjects(node, resolved, walk);
  const candidate = mapped ?? resolved;
  if (isValidForNode(node, candidate)) return candidate;
  const coerced = coerceToNodeType(node, candidate);
  return coerced !== undefined && isValidForNode(node, coerced) ? coerced : undefined;
}

/**
 * An array of objects overriding an array-of-objects node: each item is recomputed from the
 * items schema, every property defaulting to the same-named key of the resolved item.
 */
function mapArrayOfObjects(
  node: JSONSchema,
  resolved: JsonValue,
  walk: Walk,
): JsonValue[] | undefined {
  const items = itemsSchemaOf(node);
  if (primaryType(node) !== "array" || items?.properties === undefined || !Array.isArray(resolved))
    return undefined;
  if (!resolved.every(isJsonObject)) return undefined;
  const itemSchema: JSONSchema = {
    ...items,
    properties: Object.fromEntries(
      Object.entries(items.properties).map(([key, property]) => [
        key,
        {
          ...property,
          "x-onyxia": {
            ...property["x-onyxia"],
            overwriteDefaultWith: `{{${JSON.stringify([key])}}}`,
          },
        },
      ]),
    ),
  };
  try {
    return resolved.map((item, i) =>
      computeNode(itemSchema, undefined, [i], { ...walk, context: item }),
    );
  } catch (error) {
    // An item that cannot be completed makes the whole override unusable: fall back to `default`.
    if (error instanceof DefaultValueError) return undefined;
    throw error;
  }
}
