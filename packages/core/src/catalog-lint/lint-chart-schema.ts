// Catalog lint: what in a chart's values.schema.json Onyxia's web would throw on (error) or
// silently mishandle (warning), reference §4. Pure; the server runs it at catalog load and the
// `lint:catalog` command on any repository.
import { parseContextPath } from "../context/context-path.ts";
import { builtInSchemas } from "../registry/built-in/index.ts";
import { createSchemaRegistry } from "../registry/schema-registry.ts";
import { SchemaResolutionError } from "../schema/errors.ts";
import { resolveSchema, type SchemaLookup } from "../schema/resolve-schema.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { unreachableSegment } from "./context-shape.ts";
import { byCodeUnits } from "../encoding/text-order.ts";

export type LintSeverity = "error" | "warning";

export type LintRule =
  | "schema-resolution"
  | "slider-type"
  | "slider-bounds"
  | "slider-value"
  | "slider-range"
  | "render-list"
  | "list-enum-default"
  | "overwrite-schema-missing"
  | "overwrite-default-unfillable"
  | "hidden-path-missing"
  | "hidden-rule";

export interface LintFinding {
  severity: LintSeverity;
  rule: LintRule;
  /** JSON pointer into the schema (the resolved one, except for overwriteSchemaWith keys). */
  pointer: string;
  message: string;
}

export interface LintOptions {
  /** Defaults to the built-in registry (what every Onyxia installation has). */
  registry?: SchemaLookup;
  roles?: readonly string[];
}

let defaultRegistry: SchemaLookup | undefined;

/** Findings sorted by pointer, errors first at equal pointers; [] for a chart without schema. */
export function lintChartSchema(
  schema: JSONSchema | null | undefined,
  options: LintOptions = {},
): LintFinding[] {
  if (schema === null || schema === undefined) return [];
  const registry =
    options.registry ?? (defaultRegistry ??= createSchemaRegistry({ builtIn: builtInSchemas }));
  const roles = options.roles ?? [];
  const findings: LintFinding[] = [];

  checkOverwriteSchemaKeys(schema, "", registry, roles, findings, 0);

  let resolved: JSONSchema;
  try {
    // A shallow copy as the root: resolveSchema memoizes per schema object, and the lint's
    // resolved tree must not stay in memory as long as the catalog keeps the chart's schema.
    resolved = resolveSchema({ ...schema }, { registry, roles });
  } catch (e) {
    if (!(e instanceof SchemaResolutionError)) throw e;
    findings.push({
      severity: "error",
      rule: "schema-resolution",
      pointer: dottedToPointer(e.path),
      message: `the schema cannot be resolved (Onyxia's API refuses to serve it): ${e.message}`,
    });
    return sortFindings(findings);
  }

  const extremities: Extremity[] = [];
  walk(resolved, "", [], { root: resolved, findings, extremities });
  checkRanges(extremities, findings);
  return sortFindings(findings);
}

/** `{errors, warnings}` counts of a list of findings. */
export function countFindings(findings: readonly LintFinding[]): {
  errors: number;
  warnings: number;
} {
  let errors = 0;
  for (const f of findings) if (f.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

interface Walk {
  root: JSONSchema;
  findings: LintFinding[];
  extremities: Extremity[];
}

interface Extremity {
  node: JSONSchema;
  pointer: string;
  side: "down" | "up";
  rangeId: string;
}

type ValuesPath = (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function dottedToPointer(dotted: string): string {
  if (dotted === "") return "";
  const segments: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of dotted.matchAll(re)) {
    const segment = m[1] ?? m[2] ?? (m[3] !== undefined ? (JSON.parse(`"${m[3]}"`) as string) : "");
    segments.push(escapePointer(segment));
  }
  return segments.map((s) => `/${s}`).join("");
}

const showPath = (path: ValuesPath) => (path.length === 0 ? "(root)" : path.join("."));

/** Every `x-onyxia.overwriteSchemaWith` of the unresolved schema must name a registry entry. */
function checkOverwriteSchemaKeys(
  node: unknown,
  pointer: string,
  registry: SchemaLookup,
  roles: readonly string[],
  findings: LintFinding[],
  depth: number,
): void {
  if (depth > 200) return;
  if (Array.isArray(node)) {
    node.forEach((child, i) =>
      checkOverwriteSchemaKeys(child, `${pointer}/${i}`, registry, roles, findings, depth + 1),
    );
    return;
  }
  if (!isObject(node)) return;
  const xOnyxia = node["x-onyxia"];
  if (isObject(xOnyxia) && xOnyxia["overwriteSchemaWith"] !== undefined) {
    const key = xOnyxia["overwriteSchemaWith"];
    const at = `${pointer}/x-onyxia/overwriteSchemaWith`;
    if (typeof key !== "string" || key === "") {
      findings.push({
        severity: "warning",
        rule: "overwrite-schema-missing",
        pointer: at,
        message: `overwriteSchemaWith must be a registry key (a non-empty string), got ${JSON.stringify(key)}: it is ignored`,
      });
    } else if (registry.get(key, roles) === undefined) {
      findings.push({
        severity: "warning",
        rule: "overwrite-schema-missing",
        pointer: at,
        message: `overwriteSchemaWith "${key}" is not in the schema registry: the inline schema is kept (add it to the registry, or drop the key)`,
      });
    }
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === "x-onyxia" || key === "default" || key === "const" || key === "enum") continue;
    if (key === "examples" || key === "listEnum") continue;
    checkOverwriteSchemaKeys(
      child,
      `${pointer}/${escapePointer(key)}`,
      registry,
      roles,
      findings,
      depth + 1,
    );
  }
}

/** Walks the resolved schema the way Onyxia's web builds its form: properties and items. */
function walk(node: JSONSchema, pointer: string, path: ValuesPath, w: Walk): void {
  if (!isObject(node)) return;
  checkField(node, pointer, path, w);
  if (isObject(node.properties)) {
    for (const [key, child] of Object.entries(node.properties))
      walk(child, `${pointer}/properties/${escapePointer(key)}`, [...path, key], w);
  }
  if (isObject(node.items)) walk(node.items, `${pointer}/items`, [...path, 0], w);
}

function typeOf(node: JSONSchema): string | undefined {
  if (typeof node.type === "string") return node.type;
  if (Array.isArray(node.type)) return node.type.join("|");
  if (node.const !== undefined) {
    const c = node.const;
    if (c === null) return "null";
    if (Array.isArray(c)) return "array";
    return typeof c === "number" ? "number" : typeof c;
  }
  return undefined;
}

function checkField(node: JSONSchema, pointer: string, path: ValuesPath, w: Walk): void {
  const add = (severity: LintSeverity, rule: LintRule, message: string, at = pointer) =>
    w.findings.push({ severity, rule, pointer: at, message: `${showPath(path)}: ${message}` });
  const xOnyxia = isObject(node["x-onyxia"]) ? node["x-onyxia"] : undefined;

  checkReferences(xOnyxia, pointer, add);
  checkHidden(node, pointer, path, w, add);
  checkListEnum(node, xOnyxia, add);
  checkSlider(node, pointer, w, add);
}

type Add = (severity: LintSeverity, rule: LintRule, message: string, at?: string) => void;

function checkReferences(xOnyxia: Record<string, unknown> | undefined, pointer: string, add: Add) {
  if (xOnyxia === undefined) return;
  for (const key of ["overwriteDefaultWith", "overwriteListEnumWith"] as const) {
    const expression = xOnyxia[key];
    if (expression === undefined) continue;
    const at = `${pointer}/x-onyxia/${key}`;
    for (const path of referencedPaths(expression as JsonValue, true)) {
      const segments = parseContextPath(path);
      if (segments === undefined || segments.length === 0) {
        add(
          "warning",
          "overwrite-default-unfillable",
          `${key} "${path}" is not a valid context path: it never resolves, so the field keeps its default`,
          at,
        );
        continue;
      }
      const stop = unreachableSegment(segments);
      if (stop !== undefined) {
        const known = segments.slice(0, stop).join(".");
        add(
          "warning",
          "overwrite-default-unfillable",
          `${key} "${path}" can never be filled: the context has no "${String(segments[stop])}"${known ? ` under "${known}"` : ""}, so the field always keeps its default`,
          at,
        );
      }
    }
  }
}

/** The context paths an x-onyxia expression reads (reference §4.2 string forms). */
function referencedPaths(expression: JsonValue, topLevel: boolean): string[] {
  if (typeof expression === "string") {
    if (topLevel && !expression.includes("{{")) return [expression];
    return [...expression.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => (m[1] ?? "").trim());
  }
  if (Array.isArray(expression)) return expression.flatMap((e) => referencedPaths(e, false));
  if (isObject(expression))
    return Object.values(expression).flatMap((e) => referencedPaths(e as JsonValue, false));
  return [];
}

function checkHidden(node: JSONSchema, pointer: string, path: ValuesPath, w: Walk, add: Add) {
  const hidden = node.hidden as unknown;
  if (hidden === undefined || typeof hidden === "boolean") return;
  const at = `${pointer}/hidden`;
  if (!isObject(hidden) || typeof hidden["path"] !== "string" || !("value" in hidden)) {
    add(
      "error",
      "hidden-rule",
      `hidden must be a boolean or {value, path, isPathRelative?}: Onyxia's web rejects the schema`,
      at,
    );
    return;
  }
  const segments = hidden["path"].split("/");
  const target = hidden["isPathRelative"] === true ? [...path.slice(0, -1), ...segments] : segments;
  if (!valuesPathExists(w.root, target)) {
    add(
      "warning",
      "hidden-path-missing",
      `hidden.path "${hidden["path"]}"${hidden["isPathRelative"] === true ? " (relative)" : ""} points to ${target.join(".")}, which the schema does not define: the field is never hidden`,
      at,
    );
  }
}

/** True when the form's values can hold something at `path` (free-form objects may hold anything). */
function valuesPathExists(root: JSONSchema, path: readonly (string | number)[]): boolean {
  let node: unknown = root;
  for (const segment of path) {
    if (!isObject(node)) return false;
    const properties = node["properties"];
    if (isObject(properties)) {
      if (!Object.prototype.hasOwnProperty.call(properties, String(segment))) return false;
      node = properties[String(segment)];
      continue;
    }
    if (isObject(node["items"]) && /^\d+$/.test(String(segment))) {
      node = node["items"];
      continue;
    }
    // An object or array edited as YAML: any key may be there.
    const type = node["type"];
    return type === "object" || type === "array" || type === undefined;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function checkListEnum(node: JSONSchema, xOnyxia: Record<string, unknown> | undefined, add: Add) {
  const hasDynamicOptions = xOnyxia?.["overwriteListEnumWith"] !== undefined;
  const listEnum = Array.isArray(node.listEnum) ? node.listEnum : undefined;
  const options = listEnum ?? (Array.isArray(node.enum) ? node.enum : undefined);
  if (node.render === "list" && options === undefined && !hasDynamicOptions) {
    add(
      "error",
      "render-list",
      `render "list" without listEnum, enum or overwriteListEnumWith: Onyxia's web has no options to show`,
    );
  }
  if (options === undefined || hasDynamicOptions || node.default === undefined) return;
  if (options.some((option) => sameJson(option, node.default))) return;
  const overridden = xOnyxia?.["overwriteDefaultWith"] !== undefined;
  const keyword = listEnum !== undefined ? "listEnum" : "enum";
  add(
    overridden ? "warning" : "error",
    "list-enum-default",
    `default ${JSON.stringify(node.default)} is not one of the ${keyword} options: Onyxia's web cannot select it${overridden ? " (when overwriteDefaultWith does not resolve)" : ""}`,
  );
}

function checkSlider(node: JSONSchema, pointer: string, w: Walk, add: Add) {
  const isSimple = node.sliderMin !== undefined && node.sliderExtremity === undefined;
  const isRange = node.sliderExtremity !== undefined;
  if (!isRange && node.sliderRangeId !== undefined)
    add(
      "warning",
      "slider-range",
      `sliderRangeId "${String(node.sliderRangeId)}" without sliderExtremity: it is ignored`,
    );
  if (!isSimple && !isRange) {
    if (node.render === "slider")
      add(
        "warning",
        "slider-bounds",
        `render "slider" without sliderMin/sliderMax: Onyxia's web shows a plain field`,
      );
    return;
  }
  const kind = isRange ? "range slider end" : "slider";
  const type = typeOf(node);
  if (type !== "string" && type !== "number") {
    add(
      "error",
      "slider-type",
      `a ${kind} must be of type "string" or "number", not ${type === undefined ? "untyped" : `"${type}"`}: Onyxia's web throws (use "number", with multipleOf 1 for whole numbers)`,
    );
  }
  if (node.render !== undefined && node.render !== "slider")
    add(
      "error",
      "slider-type",
      `a ${kind} cannot have render "${String(node.render)}": Onyxia's web throws`,
    );
  const missing = (["sliderMin", "sliderMax"] as const).filter((k) => typeof node[k] !== "number");
  if (missing.length > 0)
    add(
      "error",
      "slider-bounds",
      `a ${kind} needs numeric ${missing.join(" and ")}: Onyxia's web throws`,
    );
  if (isRange) {
    if (node.sliderExtremity !== "down" && node.sliderExtremity !== "up") {
      add(
        "error",
        "slider-range",
        `sliderExtremity must be "down" or "up", not ${JSON.stringify(node.sliderExtremity)}`,
      );
    } else if (typeof node.sliderRangeId !== "string") {
      add("error", "slider-range", `a range slider end needs a sliderRangeId: Onyxia's web throws`);
    } else {
      w.extremities.push({
        node,
        pointer,
        side: node.sliderExtremity,
        rangeId: node.sliderRangeId,
      });
    }
    checkSliderValue(node, true, add);
  } else {
    checkSliderValue(node, false, add);
  }
}

/** The default as Onyxia's web turns it into a slider position. */
function checkSliderValue(node: JSONSchema, range: boolean, add: Add) {
  const value = node.default;
  if (value === undefined) return;
  const unit = node.sliderUnit;
  const fallback =
    node["x-onyxia"]?.overwriteDefaultWith !== undefined
      ? " (used when overwriteDefaultWith does not resolve)"
      : "";
  if (typeof value === "number") {
    if (unit !== undefined && !(range && unit === ""))
      add(
        "error",
        "slider-value",
        `default ${value} is a number but sliderUnit is ${JSON.stringify(unit)}: Onyxia's web throws${fallback}; write the default as a string with its unit, or drop sliderUnit`,
      );
    return;
  }
  if (typeof value !== "string") {
    add(
      "error",
      "slider-value",
      `default ${JSON.stringify(value)} is neither a number nor a string: Onyxia's web throws${fallback}`,
    );
    return;
  }
  if (unit !== undefined && unit !== "" && !value.endsWith(unit)) {
    add(
      range ? "error" : "warning",
      "slider-value",
      range
        ? `default "${value}" does not end with the sliderUnit "${unit}": Onyxia's web throws${fallback}`
        : `default "${value}" does not end with the sliderUnit "${unit}": Onyxia's web cuts the last ${unit.length} characters and shows a wrong value${fallback}`,
    );
    return;
  }
  const number = unit ? value.slice(0, -unit.length) : value;
  if (Number.isNaN(Number.parseFloat(number)))
    add(
      "error",
      "slider-value",
      `default "${value}" is not a number${unit ? ` followed by "${unit}"` : ""}: Onyxia's web throws${fallback}`,
    );
}

/**
 * Onyxia's web pairs range slider ends over the whole form: the first `down` left with the first
 * `up` of the same id, until no `down` is left. A `down` without its `up` throws; so do ends
 * whose units or steps differ, or that both lack a step.
 */
function checkRanges(extremities: Extremity[], findings: LintFinding[]) {
  const remaining = [...extremities];
  const add = (e: Extremity, severity: LintSeverity, message: string) =>
    findings.push({ severity, rule: "slider-range", pointer: e.pointer, message });
  for (;;) {
    const downAt = remaining.findIndex((e) => e.side === "down");
    if (downAt === -1) break;
    const down = remaining.splice(downAt, 1)[0] as Extremity;
    const upAt = remaining.findIndex((e) => e.side === "up" && e.rangeId === down.rangeId);
    if (upAt === -1) {
      add(
        down,
        "error",
        `range slider "${down.rangeId}": this "down" end has no "up" end with the same sliderRangeId: Onyxia's web throws`,
      );
      continue;
    }
    const up = remaining.splice(upAt, 1)[0] as Extremity;
    // Several ranges may share an id (one per component); a third end of that id inside the
    // smallest subtree holding this pair means the document order decides which ends pair up.
    const scope = commonAncestor(down.pointer, up.pointer);
    const others = extremities.filter(
      (e) =>
        e !== down && e !== up && e.rangeId === down.rangeId && e.pointer.startsWith(`${scope}/`),
    );
    if (others.length > 0)
      add(
        down,
        "warning",
        `range slider "${down.rangeId}": ${others.length + 2} ends share this sliderRangeId within ${scope || "the schema"}; Onyxia's web pairs them in document order (this "down" with ${up.pointer}): give each range its own sliderRangeId`,
      );
    const title = down.node.title ?? down.rangeId;
    if (
      down.node.sliderUnit !== undefined &&
      up.node.sliderUnit !== undefined &&
      down.node.sliderUnit !== up.node.sliderUnit
    ) {
      add(
        down,
        "error",
        `range slider "${down.rangeId}" (${title}): the ends have different units, "${down.node.sliderUnit}" here and "${up.node.sliderUnit}" at ${up.pointer}: Onyxia's web throws`,
      );
    }
    if (down.node.sliderStep === undefined && up.node.sliderStep === undefined) {
      add(
        down,
        "error",
        `range slider "${down.rangeId}" (${title}): neither end has a sliderStep: Onyxia's web throws`,
      );
    } else if (
      down.node.sliderStep !== undefined &&
      up.node.sliderStep !== undefined &&
      down.node.sliderStep !== up.node.sliderStep
    ) {
      add(
        down,
        "error",
        `range slider "${down.rangeId}" (${title}): the ends have different steps, ${down.node.sliderStep} here and ${up.node.sliderStep} at ${up.pointer}: Onyxia's web throws`,
      );
    }
  }
  for (const up of remaining)
    add(
      up,
      "error",
      `range slider "${up.rangeId}": this "up" end has no "down" end with the same sliderRangeId: Onyxia's web cannot build the range`,
    );
}

/** The pointer of the smallest subtree holding both nodes. */
function commonAncestor(a: string, b: string): string {
  const sa = a.split("/");
  const sb = b.split("/");
  let i = 0;
  while (i < sa.length && i < sb.length && sa[i] === sb[i]) i++;
  return sa.slice(0, i).join("/");
}

function sortFindings(findings: LintFinding[]): LintFinding[] {
  return findings.sort(
    (a, b) =>
      (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0) ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      byCodeUnits(a.message, b.message),
  );
}
