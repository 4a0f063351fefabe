// Pure rules of the service page, unit-tested in editLogic.test.ts.
import type { JSONSchema, JsonValue } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";

/** "a.b[2].c" → ["a", "b", 2, "c"]. */
export function parseFlatKey(key: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of key.split(".")) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      path.push(part);
      continue;
    }
    if (match[1]) path.push(match[1]);
    for (const index of (match[2] ?? "").matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

function schemaAt(
  schema: JSONSchema | undefined,
  segment: string | number,
): JSONSchema | undefined {
  if (!schema) return undefined;
  const s = schema as {
    properties?: Record<string, JSONSchema>;
    items?: JSONSchema;
    additionalProperties?: JSONSchema | boolean;
  };
  if (typeof segment === "number") return s.items;
  return (
    s.properties?.[segment] ??
    (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined)
  );
}

function typesOf(schema: JSONSchema | undefined): string[] {
  const type = (schema as { type?: string | string[] } | undefined)?.type;
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

/** A string from `env` back to its JSON type: the schema decides, else the obvious literals. */
export function coerceEnvValue(raw: string, schema: JSONSchema | undefined): JsonValue {
  const types = typesOf(schema);
  if (raw === "[]") return [];
  if (raw === "{}") return {};
  if (raw === "null" && (types.length === 0 || types.includes("null"))) return null;
  if (types.includes("string")) return raw;
  if ((types.includes("boolean") || types.length === 0) && (raw === "true" || raw === "false"))
    return raw === "true";
  if (
    (types.includes("number") || types.includes("integer") || types.length === 0) &&
    raw.trim() !== "" &&
    !Number.isNaN(Number(raw))
  ) {
    return Number(raw);
  }
  return raw;
}

/** A map of scalars (additionalProperties, no declared properties): its keys may contain dots. */
function isScalarMap(schema: JSONSchema | undefined): boolean {
  const s = schema as
    { properties?: object; additionalProperties?: JSONSchema | boolean } | undefined;
  if (!s || typeof s.additionalProperties !== "object") return false;
  const types = typesOf(s.additionalProperties);
  return types.length > 0 && !types.includes("object") && !types.includes("array");
}

/** Under a map of scalars, the rest of the flattened key is one key ("onyxia.sh/owner"). */
function joinMapKeys(
  path: (string | number)[],
  schema: JSONSchema | undefined,
): (string | number)[] {
  let node = schema;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]!;
    const declared =
      typeof segment === "string" &&
      (node as { properties?: Record<string, JSONSchema> } | undefined)?.properties?.[segment];
    if (!declared && isScalarMap(node)) return [...path.slice(0, i), path.slice(i).join(".")];
    node = schemaAt(node, segment);
  }
  return path;
}

/**
 * The service's current user values from its flattened `env` (Onyxia's shape: dotted keys,
 * string values), typed by the chart schema. Keys with literal dots come back nested: the
 * flattened form cannot tell them apart.
 */
export function envToValues(
  env: Record<string, string>,
  schema: JSONSchema | undefined,
): JsonValue {
  const root: Record<string, JsonValue> = {};
  for (const [key, raw] of Object.entries(env)) {
    if (key.startsWith("onyxia.")) continue; // legacy metadata, not chart values
    const path = joinMapKeys(parseFlatKey(key), schema);
    let node: Record<string | number, JsonValue> | JsonValue[] = root;
    let nodeSchema: JSONSchema | undefined = schema;
    path.forEach((segment, i) => {
      nodeSchema = schemaAt(nodeSchema, segment);
      const container = node as Record<string | number, JsonValue>;
      if (i === path.length - 1) {
        container[segment] = coerceEnvValue(raw, nodeSchema);
        return;
      }
      const next = path[i + 1];
      const existing = container[segment];
      if (existing === undefined || existing === null || typeof existing !== "object") {
        container[segment] = typeof next === "number" ? [] : {};
      }
      node = container[segment] as Record<string | number, JsonValue>;
    });
  }
  return root;
}

export interface TimingPhase {
  name: string;
  ms: number;
}

/** `server-timing: validate;dur=12.3, install;dur=840` → phases in order. */
export function parseServerTiming(header: string | null | undefined): TimingPhase[] {
  if (!header) return [];
  const phases: TimingPhase[] = [];
  for (const entry of header.split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    const ms = dur ? Number(dur.slice(4)) : NaN;
    if (name && !Number.isNaN(ms)) phases.push({ name: name.trim(), ms });
  }
  return phases;
}

/** A unified diff's lines with their kind, for colouring. */
export function classifyDiffLines(
  text: string,
): { kind: "add" | "remove" | "hunk" | "context"; text: string }[] {
  return text.split("\n").map((line) => ({
    kind: line.startsWith("@@")
      ? "hunk"
      : line.startsWith("+") && !line.startsWith("+++")
        ? "add"
        : line.startsWith("-") && !line.startsWith("---")
          ? "remove"
          : "context",
    text: line,
  }));
}

/** One line per changed value: "resources.cpu: 100m → 200m". */
export function describeValueChange(change: {
  path: string;
  kind: string;
  before?: unknown;
  after?: unknown;
}): string {
  const show = (v: unknown) =>
    v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v);
  if (change.kind === "added") return `+ ${change.path}: ${show(change.after)}`;
  if (change.kind === "removed") return `- ${change.path}: ${show(change.before)}`;
  return `~ ${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

const timingKey = "datalab.launchTiming.";

/** The launch's server-timing, kept for the service page (sessionStorage). */
export function storeLaunchTiming(
  storage: KeyValueStorage,
  release: string,
  header: string | null,
): void {
  if (header) storage.setItem(timingKey + release, header);
}

export function readLaunchTiming(storage: KeyValueStorage, release: string): TimingPhase[] {
  return parseServerTiming(storage.getItem(timingKey + release));
}
