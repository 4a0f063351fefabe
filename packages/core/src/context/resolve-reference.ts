// Resolves `x-onyxia` references against the context (reference §4.2, string forms).
// Any reference that resolves to undefined makes the whole expression undefined, so the
// caller skips the override.
import type { JsonValue } from "../schema/types.ts";
import { parseContextPath, readAtContextPath } from "./context-path.ts";

export interface ResolveOptions {
  /** Told the first segment of every path read (e.g. "s3"): how isChartUsingS3 is detected. */
  onRead?: (rootKey: string | number) => void;
}

const FULL_PLACEHOLDER = /^\{\{([^{}]*)\}\}$/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function isJsonValue(value: unknown): value is JsonValue {
  return (
    value !== undefined &&
    typeof value !== "function" &&
    typeof value !== "symbol" &&
    typeof value !== "bigint"
  );
}

function readPath(source: unknown, path: string, options: ResolveOptions): JsonValue | undefined {
  const segments = parseContextPath(path);
  if (segments === undefined || segments[0] === undefined) return undefined;
  options.onRead?.(segments[0]);
  const value = readAtContextPath(source, segments);
  return isJsonValue(value) ? value : undefined;
}

function resolveTemplate(
  template: string,
  source: unknown,
  options: ResolveOptions,
): JsonValue | undefined {
  const full = FULL_PLACEHOLDER.exec(template);
  if (full?.[1] !== undefined) return readPath(source, full[1], options);
  let unresolved = false;
  const text = template.replace(PLACEHOLDER, (_match, path: string) => {
    const value = readPath(source, path, options);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      return String(value);
    unresolved = true;
    return "";
  });
  return unresolved ? undefined : text;
}

function resolveNested(
  expression: JsonValue,
  source: unknown,
  options: ResolveOptions,
): JsonValue | undefined {
  if (typeof expression === "string") return resolveTemplate(expression, source, options);
  if (Array.isArray(expression)) {
    const out: JsonValue[] = [];
    for (const element of expression) {
      const resolved = resolveNested(element, source, options);
      if (resolved === undefined) return undefined;
      out.push(resolved);
    }
    return out;
  }
  if (expression !== null && typeof expression === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [key, element] of Object.entries(expression)) {
      const resolved = resolveNested(element, source, options);
      if (resolved === undefined) return undefined;
      out[key] = resolved;
    }
    return out;
  }
  return expression;
}

/**
 * A top-level string without `{{` is a bare path ("user.email"); nested strings are templates,
 * so hard-coded strings inside arrays/objects ("Prefix", "tls-secret") stay literal.
 */
export function resolveXOnyxiaReference(
  expression: JsonValue,
  source: unknown,
  options: ResolveOptions = {},
): JsonValue | undefined {
  if (typeof expression === "string" && !expression.includes("{{")) {
    return readPath(source, expression, options);
  }
  return resolveNested(expression, source, options);
}
