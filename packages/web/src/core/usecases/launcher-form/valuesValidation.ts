// Whole-values validation in the browser with an interpreting validator (@cfworker/json-schema):
// no generated code, so it runs under the server's CSP (`script-src 'self'`, no 'unsafe-eval').
// Errors are keyed by helm path ("resources.limits.cpu") so each field shows its own.
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import type { JSONSchema } from "@onyxia-ts/core";

export interface FieldErrors {
  /** Dotted helm path ("" for the root) → messages. */
  byPath: ReadonlyMap<string, readonly string[]>;
  /** Every message, "path: message", for a summary. */
  all: readonly string[];
}

export const noErrors: FieldErrors = { byPath: new Map(), all: [] };

/** "/resources/limits/cpu" (JSON pointer, possibly "#"-prefixed) → "resources.limits.cpu". */
export function pointerToHelmPath(pointer: string): string {
  const trimmed = pointer.replace(/^#/, "").replace(/^\//, "");
  if (trimmed === "") return "";
  return trimmed
    .split("/")
    .map((s) => decodeURIComponent(s).replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function collect(entries: readonly { path: string; message: string }[]): FieldErrors {
  const byPath = new Map<string, string[]>();
  const all: string[] = [];
  for (const { path, message } of entries) {
    const list = byPath.get(path) ?? [];
    if (list.includes(message)) continue;
    list.push(message);
    byPath.set(path, list);
    all.push(`${path || "/"}: ${message}`);
  }
  return { byPath, all };
}

// Keywords whose error only says "a sub-schema failed": the sub-error is the useful one.
const WRAPPER_KEYWORDS = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalItems",
  "allOf",
  "$ref",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "patternProperties",
  "unevaluatedProperties",
  "contains",
]);

function messageOf(unit: OutputUnit): string {
  // cfworker's messages start with 'Instance "…" ' / 'Property "…" '; the field is shown already.
  return unit.error.replace(/^(Instance|Property) "[^"]*" /, "").replace(/\.$/, "");
}

const validators = new WeakMap<object, Validator>();

/** Validates the values as draft-07 (whatever `$schema` says), unknown keywords ignored. */
export function validateInBrowser(schema: JSONSchema, values: unknown): FieldErrors {
  let validator = validators.get(schema);
  if (!validator) {
    const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
    validator = new Validator(rest as Schema, "7", false);
    validators.set(schema, validator);
  }
  const result = validator.validate(values);
  if (result.valid) return noErrors;
  const leaves = result.errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
  return collect(
    (leaves.length > 0 ? leaves : result.errors).map((e) => ({
      path: pointerToHelmPath(e.instanceLocation),
      message: messageOf(e),
    })),
  );
}

/** The server's 400 `errors` ("/resources/cpu: must match …") keyed the same way. */
export function parseServerErrors(errors: readonly string[]): FieldErrors {
  return collect(
    errors.map((line) => {
      const match = /^(\/[^:]*|#[^:]*): (.*)$/s.exec(line);
      return match
        ? { path: pointerToHelmPath(match[1] ?? ""), message: match[2] ?? line }
        : { path: "", message: line };
    }),
  );
}

/** Both sources together (the server has the last word, the browser catches most of it first). */
export function mergeFieldErrors(a: FieldErrors, b: FieldErrors): FieldErrors {
  if (a.all.length === 0) return b;
  if (b.all.length === 0) return a;
  const entries: { path: string; message: string }[] = [];
  for (const source of [a, b])
    for (const [path, messages] of source.byPath)
      for (const message of messages) entries.push({ path, message });
  return collect(entries);
}
