// A fast structural check of a value against one schema node, used to accept or reject
// overrides and defaults node by node. It covers the vocabulary Onyxia forms support
// (reference §4.1); install-time validation of the whole values is validateValues' job.
import type { JSONSchema, JSONSchemaType } from "../schema/types.ts";
import { deepEqual, isJsonObject, itemsSchemaOf } from "./json.ts";

const patternCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  let regex = patternCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern);
    } catch {
      // A pattern JS cannot compile is not enforced here (validateValues reports it).
      regex = null;
    }
    patternCache.set(pattern, regex);
  }
  return regex;
}

function matchesType(type: JSONSchemaType, value: unknown): boolean {
  switch (type) {
    case "object":
      return isJsonObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
  }
}

export function isValidForNode(node: JSONSchema, value: unknown): boolean {
  if (value === undefined) return false;
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.some((t) => matchesType(t, value))) return false;
  }
  if (node.const !== undefined && !deepEqual(node.const, value)) return false;
  if (node.enum !== undefined && !node.enum.some((option) => deepEqual(option, value)))
    return false;
  if (typeof value === "string" && typeof node.pattern === "string") {
    const regex = compilePattern(node.pattern);
    if (regex !== null && !regex.test(value)) return false;
  }
  if (typeof value === "number") {
    if (node.minimum !== undefined && value < node.minimum) return false;
    if (node.maximum !== undefined && value > node.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) return false;
    if (node.maxItems !== undefined && value.length > node.maxItems) return false;
    const items = itemsSchemaOf(node);
    if (items !== undefined && !value.every((item) => isValidForNode(items, item))) return false;
  }
  if (isJsonObject(value)) {
    for (const key of node.required ?? []) if (!Object.hasOwn(value, key)) return false;
    for (const [key, item] of Object.entries(value)) {
      const property = node.properties?.[key];
      if (property !== undefined) {
        if (!isValidForNode(property, item)) return false;
      } else if (node.additionalProperties === false) {
        return false;
      } else if (
        isJsonObject(node.additionalProperties) &&
        !isValidForNode(node.additionalProperties, item)
      ) {
        return false;
      }
    }
  }
  return true;
}
