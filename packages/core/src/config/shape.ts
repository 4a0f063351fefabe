// A tiny declarative validator for configuration blobs. Hand-written (rather than Ajv) so that
// every message names the exact key path in the operator's terms, unknown keys become warnings
// instead of errors, defaults are applied in the same pass, and secrets are never echoed back.

export type Shape =
  | {
      kind: "string";
      default?: string;
      enum?: readonly string[];
      regex?: boolean;
      pattern?: RegExp;
      patternHint?: string;
    }
  | { kind: "boolean"; default?: boolean }
  | { kind: "integer"; default?: number; min?: number }
  | { kind: "scalar" } // a string or a number (Kubernetes quantities)
  | { kind: "array"; items: Shape; default?: unknown[] }
  | { kind: "record"; values: Shape; default?: Record<string, unknown> }
  | { kind: "object"; fields: Record<string, Field>; create?: boolean }
  | { kind: "union"; options: Shape[]; describe: string }
  | { kind: "any" }
  | { kind: "refused"; reason: string }
  /** A hand-written check, for shapes this language cannot say (e.g. "one entry or an array"). */
  | { kind: "custom"; check: (value: unknown, path: string, issues: ConfigIssue[]) => unknown };

/** A field of an object shape, plus how the field itself behaves. */
export type Field = Shape & { required?: boolean; secret?: boolean; nullable?: boolean };

export interface ConfigIssue {
  level: "error" | "warning";
  path: string;
  message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const part = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return part;
  return part.startsWith("[") ? `${parent}${part}` : `${parent}.${part}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Describes a value for an error message; secrets are described by type only. */
export function describeValue(value: unknown, secret = false): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (secret) return `a ${typeof value}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function expected(
  issues: ConfigIssue[],
  path: string,
  what: string,
  value: unknown,
  secret?: boolean,
): undefined {
  issues.push({
    level: "error",
    path,
    message: `expected ${what}, got ${describeValue(value, secret)}`,
  });
  return undefined;
}

/**
 * Checks `value` against `shape`, appending issues, and returns the value with defaults applied
 * and unknown object keys dropped (as Onyxia's Jackson mapper does). Returns undefined when absent.
 */
export function checkShape(
  value: unknown,
  shape: Field,
  path: string,
  issues: ConfigIssue[],
): unknown {
  if (value === undefined || (value === null && shape.nullable)) {
    if (value === undefined && shape.required) {
      issues.push({ level: "error", path, message: "is required" });
      return undefined;
    }
    if (value === null) return null;
    return defaultFor(shape, path, issues);
  }
  switch (shape.kind) {
    case "any":
      return value;
    case "refused":
      issues.push({ level: "error", path, message: shape.reason });
      return undefined;
    case "string":
      return checkString(value, shape, path, issues, shape.secret);
    case "boolean":
      return typeof value === "boolean"
        ? value
        : expected(issues, path, "boolean", value, shape.secret);
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value))
        return expected(issues, path, "integer", value);
      if (shape.min !== undefined && value < shape.min) {
        issues.push({ level: "error", path, message: `must be >= ${shape.min}, got ${value}` });
        return undefined;
      }
      return value;
    case "scalar":
      return typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
        ? value
        : expected(issues, path, "a string or a number", value);
    case "array":
      if (!Array.isArray(value)) return expected(issues, path, "an array", value);
      return value.map((item, i) => checkShape(item, shape.items, childPath(path, i), issues));
    case "record": {
      if (!isPlainObject(value)) return expected(issues, path, "an object", value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[k] = checkShape(v, shape.values, childPath(path, k), issues);
      return out;
    }
    case "object":
      return checkObject(value, shape, path, issues);
    case "union":
      return checkUnion(value, shape, path, issues);
    case "custom":
      return shape.check(value, path, issues);
  }
}

function checkString(
  value: unknown,
  shape: Extract<Shape, { kind: "string" }>,
  path: string,
  issues: ConfigIssue[],
  secret?: boolean,
): unknown {
  if (typeof value !== "string") return expected(issues, path, "string", value, secret);
  if (shape.enum && !shape.enum.includes(value)) {
    return expected(
      issues,
      path,
      `one of ${shape.enum.map((e) => JSON.stringify(e)).join(", ")}`,
      value,
    );
  }
  if (shape.pattern && !shape.pattern.test(value)) {
    return expected(
      issues,
      path,
      shape.patternHint ?? `a string matching ${shape.pattern}`,
      value,
      secret,
    );
  }
  if (shape.regex) {
    try {
      new RegExp(value);
    } catch (error) {
      issues.push({
        level: "error",
        path,
        message: `invalid regular expression: ${(error as Error).message}`,
      });
      return undefined;
    }
  }
  return value;
}

function checkObject(
  value: unknown,
  shape: Extract<Shape, { kind: "object" }>,
  path: string,
  issues: ConfigIssue[],
): unknown {
  if (!isPlainObject(value)) return expected(issues, path, "an object", value);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape.fields)) {
    const checked = checkShape(value[key], field, childPath(path, key), issues);
    if (checked !== undefined) out[key] = checked;
  }
  for (const key of Object.keys(value)) {
    if (key in shape.fields) continue;
    issues.push({ level: "warning", path: childPath(path, key), message: "unknown key, ignored" });
  }
  return out;
}

function checkUnion(
  value: unknown,
  shape: Extract<Shape, { kind: "union" }>,
  path: string,
  issues: ConfigIssue[],
): unknown {
  for (const option of shape.options) {
    const attempt: ConfigIssue[] = [];
    const result = checkShape(value, option, path, attempt);
    if (!attempt.some((i) => i.level === "error")) {
      issues.push(...attempt);
      return result;
    }
  }
  return expected(issues, path, shape.describe, value);
}

function defaultFor(shape: Shape, path: string, issues: ConfigIssue[]): unknown {
  switch (shape.kind) {
    case "string":
    case "boolean":
    case "integer":
      return shape.default;
    case "array":
      return shape.default ? JSON.parse(JSON.stringify(shape.default)) : undefined;
    case "record":
      return shape.default ? JSON.parse(JSON.stringify(shape.default)) : undefined;
    case "object":
      return shape.create ? checkObject({}, shape, path, issues) : undefined;
    default:
      return undefined;
  }
}
