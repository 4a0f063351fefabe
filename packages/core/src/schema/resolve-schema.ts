// Inlines `$ref` and applies `x-onyxia.overwriteSchemaWith`, as the Onyxia API does before it
// serves a chart schema or validates install values (reference §4.2). The output is a plain tree
// without refs or definitions, so the form, the defaults and Ajv can walk it directly.
import { SchemaResolutionError } from "./errors.ts";
import { childPath, followPointer, indexPath, parseJsonPointer } from "./schema-path.ts";
import { cloneJson, deepFreeze } from "./json-utils.ts";
import type { JSONSchema, JsonValue } from "./types.ts";

/** What resolution needs from a schema registry (see `createSchemaRegistry`). */
export interface SchemaLookup {
  get(key: string, roles: readonly string[]): JSONSchema | undefined;
  /** False for a role with no schemas of its own: it cannot change the result, so it is left out of the cache key. */
  hasRole?(role: string): boolean;
}

export interface ResolveSchemaOptions {
  registry: SchemaLookup;
  /** The user's roles: a role-specific registry entry wins over the admin and built-in ones. */
  roles: readonly string[];
}

/** The document a node comes from: local refs (`#/...`) are looked up in its root. */
interface SourceDocument {
  root: unknown;
  /** Registry key, or undefined for the schema being resolved. */
  key: string | undefined;
}

interface Walk {
  options: ResolveSchemaOptions;
  /** Refs and registry keys being expanded on the current branch, to detect cycles. */
  active: readonly string[];
  depth: number;
  /** Nodes produced so far, shared by the whole walk. */
  budget: { nodes: number };
}

// A real chart schema is a dozen levels deep and at most a few hundred nodes once resolved; these only stop
// runaway input: a JS object graph, or refs reused at every level that double the tree each time.
const MAX_DEPTH = 200;
export const MAX_RESOLVED_NODES = 50_000;

const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties"] as const;
const SCHEMA_KEYWORDS = [
  "additionalProperties",
  "additionalItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
] as const;
const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;
// Once every ref is inlined, definitions are dead weight (and may hold unused recursive schemas).
const DROPPED_KEYWORDS = new Set(["definitions", "$defs", "$ref"]);

/**
 * Returns a new, fully resolved schema. Inputs are never mutated.
 * The result is memoized per (registry, schema object, roles) and deep-frozen: clone it before editing.
 * Throws SchemaResolutionError for a broken or circular `$ref`.
 */
export function resolveSchema(schema: JSONSchema, options: ResolveSchemaOptions): JSONSchema {
  // Users whose roles bring no schemas share one result (and so one compiled validator).
  const relevant = options.roles.filter((role) => options.registry.hasRole?.(role) ?? true);
  const rolesKey = [...new Set(relevant)].sort().join("\n");
  const cached = cacheFor(options.registry, schema).get(rolesKey);
  if (cached !== undefined) return cached;

  const resolved = resolveNode(
    schema,
    "",
    { root: schema, key: undefined },
    { options, active: [], depth: 0, budget: { nodes: 0 } },
    undefined,
  );
  deepFreeze(resolved);
  cacheFor(options.registry, schema).set(rolesKey, resolved);
  return resolved;
}

const cache = new WeakMap<object, WeakMap<object, Map<string, JSONSchema>>>();

function cacheFor(registry: SchemaLookup, schema: JSONSchema): Map<string, JSONSchema> {
  let bySchema = cache.get(registry);
  if (bySchema === undefined) cache.set(registry, (bySchema = new WeakMap()));
  let byRoles = bySchema.get(schema);
  if (byRoles === undefined) bySchema.set(schema, (byRoles = new Map()));
  return byRoles;
}

function resolveNode(
  node: unknown,
  path: string,
  doc: SourceDocument,
  walk: Walk,
  /** The registry key whose root this node is: its own overwriteSchemaWith must not re-expand it. */
  expandingKey: string | undefined,
): JSONSchema {
  if (walk.depth > MAX_DEPTH) {
    throw new SchemaResolutionError(
      `${path || "(root)"}: schema nested deeper than ${MAX_DEPTH} levels`,
      path,
      "",
    );
  }
  if (++walk.budget.nodes > MAX_RESOLVED_NODES) {
    throw new SchemaResolutionError(
      `${path || "(root)"}: schema expands to more than ${MAX_RESOLVED_NODES} nodes`,
      path,
      "",
    );
  }
  if (typeof node === "boolean") return node as unknown as JSONSchema; // draft-07 boolean schemas
  if (node === null || typeof node !== "object" || Array.isArray(node))
    return cloneJson(node as JsonValue) as JSONSchema;
  const schema = node as JSONSchema;

  const replacement = overwriteKey(schema);
  if (replacement !== undefined && replacement !== expandingKey) {
    const registered = walk.options.registry.get(replacement, walk.options.roles);
    if (registered !== undefined) {
      const id = `registry:${replacement}`;
      if (walk.active.includes(id)) {
        const ownerPath = childPath(childPath(path, "x-onyxia"), "overwriteSchemaWith");
        throw new SchemaResolutionError(
          `${ownerPath}: "${replacement}" is circular (${[...walk.active, id].join(" -> ")})${inDocument(doc)}`,
          ownerPath,
          replacement,
        );
      }
      const inner = { ...walk, active: [...walk.active, id], depth: walk.depth + 1 };
      return withoutSchemaUri(
        resolveNode(registered, path, { root: registered, key: replacement }, inner, replacement),
      );
    }
  }

  if (typeof schema.$ref === "string") return resolveRef(schema, schema.$ref, path, doc, walk);
  return resolveChildren(schema, path, doc, walk);
}

function overwriteKey(schema: JSONSchema): string | undefined {
  const key = schema["x-onyxia"]?.overwriteSchemaWith;
  return typeof key === "string" && key !== "" ? key : undefined;
}

function resolveRef(
  schema: JSONSchema,
  ref: string,
  path: string,
  doc: SourceDocument,
  walk: Walk,
): JSONSchema {
  const refPath = childPath(path, "$ref");
  const hashAt = ref.indexOf("#");
  const location = hashAt === -1 ? ref : ref.slice(0, hashAt);
  const fragment = hashAt === -1 ? "" : ref.slice(hashAt + 1);

  let targetDoc = doc;
  if (location !== "") {
    const registered = walk.options.registry.get(location, walk.options.roles);
    if (registered === undefined) {
      throw new SchemaResolutionError(
        `${refPath}: "${ref}" not found in the schema registry${inDocument(doc)}`,
        refPath,
        ref,
      );
    }
    targetDoc = { root: registered, key: location };
  }

  const segments = parseJsonPointer(fragment);
  const target = segments === undefined ? undefined : followPointer(targetDoc.root, segments);
  if (
    target === undefined ||
    target === null ||
    (typeof target !== "object" && typeof target !== "boolean")
  ) {
    throw new SchemaResolutionError(
      `${refPath}: "${ref}" not found${inDocument(doc)}`,
      refPath,
      ref,
    );
  }

  const id = `${targetDoc.key ?? ""}#${fragment}`;
  if (walk.active.includes(id)) {
    throw new SchemaResolutionError(
      `${refPath}: "${ref}" is circular (${[...walk.active, id].join(" -> ")})${inDocument(doc)}`,
      refPath,
      ref,
    );
  }
  const inner = { ...walk, active: [...walk.active, id], depth: walk.depth + 1 };
  const resolved = resolveNode(target, path, targetDoc, inner, undefined);

  // Keywords next to `$ref` (title, description, default...) refine the target for the form.
  const siblings = resolveChildren(schema, path, doc, walk);
  if (typeof resolved !== "object" || resolved === null) return resolved;
  return { ...withoutSchemaUri(resolved), ...siblings };
}

function resolveChildren(
  schema: JSONSchema,
  path: string,
  doc: SourceDocument,
  walk: Walk,
): JSONSchema {
  const child = { ...walk, depth: walk.depth + 1 };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(key) || value === undefined) continue;
    const keyPath = childPath(path, key);
    if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isPlainObject(value)) {
      out[key] = mapValues(value, (sub, name) =>
        resolveNode(sub, childPath(keyPath, name), doc, child, undefined),
      );
    } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key) && typeof value === "object") {
      out[key] = resolveNode(value, keyPath, doc, child, undefined);
    } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((sub, i) =>
        resolveNode(sub, indexPath(keyPath, i), doc, child, undefined),
      );
    } else if (key === "items") {
      out[key] = Array.isArray(value)
        ? value.map((sub, i) => resolveNode(sub, indexPath(keyPath, i), doc, child, undefined))
        : resolveNode(value, keyPath, doc, child, undefined);
    } else if (key === "dependencies" && isPlainObject(value)) {
      out[key] = mapValues(value, (sub, name) =>
        Array.isArray(sub)
          ? cloneJson(sub as JsonValue)
          : resolveNode(sub, childPath(keyPath, name), doc, child, undefined),
      );
    } else {
      out[key] = cloneJson(value as JsonValue);
    }
  }
  return out as JSONSchema;
}

function inDocument(doc: SourceDocument): string {
  return doc.key === undefined ? "" : ` (in registry schema "${doc.key}")`;
}

/** `$schema` is only meaningful at the root; Ajv rejects it on an inlined sub-schema. */
function withoutSchemaUri(schema: JSONSchema): JSONSchema {
  if (typeof schema !== "object" || schema === null || !("$schema" in schema)) return schema;
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function mapValues<T>(
  record: Record<string, unknown>,
  fn: (value: unknown, key: string) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value, key);
  return out;
}
