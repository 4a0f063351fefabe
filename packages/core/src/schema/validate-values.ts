// Install-time validation of helm values against a resolved chart schema (reference §4.4),
// with messages that name the values path, for the 400 `errors: string[]` answer (§1.1).
// Pure: Ajv compiles to functions at runtime, which works in Node and in the browser.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import { InvalidSchemaError } from "./errors.ts";
import { ONYXIA_ANNOTATION_KEYWORDS } from "./onyxia-keywords.ts";
import type { JSONSchema } from "./types.ts";

export interface ValuesValidation {
  valid: boolean;
  errors: string[];
}

/** Validates `values` against a schema already passed through `resolveSchema`. Never mutates `values`. */
export function validateValues(resolvedSchema: JSONSchema, values: unknown): ValuesValidation {
  const validate = compile(resolvedSchema);
  if (validate(values)) return { valid: true, errors: [] };
  const errors = (validate.errors ?? []).map(formatError);
  return { valid: false, errors: [...new Set(errors)] };
}

// The CommonJS plugin is seen as `module.exports` by Node and as `exports.default` by bundlers.
type FormatsPlugin = (ajv: Ajv, options: { mode: "full"; keywords: boolean }) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsImport as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsImport as unknown as FormatsPlugin);

let sharedAjv: Ajv | undefined;

function ajvInstance(): Ajv {
  if (sharedAjv !== undefined) return sharedAjv;
  const ajv = new Ajv({
    allErrors: true,
    // Charts are written for the Java validator, which ignores unknown keywords.
    strict: false,
    // Java regexes are not Unicode-mode JS regexes; the lenient mode accepts more chart patterns.
    unicodeRegExp: false,
    useDefaults: false,
    coerceTypes: false,
    // Compile failures are rethrown with context; Ajv would also dump generated code to the console.
    logger: false,
  });
  for (const keyword of ONYXIA_ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  // `keywords: false`: the formatMinimum... keywords would mix two Ajv copies' code generators.
  addFormats(ajv, { mode: "full", keywords: false });
  sharedAjv = ajv;
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: JSONSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached !== undefined) return cached;
  const ajv = ajvInstance();
  // Every schema is validated as draft-07, whatever (possibly unknown) `$schema` it declares.
  const { $schema: _ignored, ...withoutSchemaUri } = schema;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(withoutSchemaUri);
  } catch (error) {
    if (error instanceof EvalError) {
      // Ajv generates code; a browser page whose CSP lacks 'unsafe-eval' refuses it.
      throw new InvalidSchemaError(
        `cannot compile a validator here (code generation is blocked): ${error.message}`,
      );
    }
    throw new InvalidSchemaError(`invalid values schema: ${(error as Error).message}`);
  } finally {
    // Ajv keeps every compiled schema in its own cache; ours is the weak one.
    ajv.removeSchema(withoutSchemaUri);
  }
  compiled.set(schema, validate);
  return validate;
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "/" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `failed the "${error.keyword}" rule`;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  } else if (
    error.keyword === "additionalProperties" &&
    typeof params.additionalProperty === "string"
  ) {
    message += ` (${JSON.stringify(params.additionalProperty)})`;
  } else if (error.keyword === "const") {
    message += ` ${JSON.stringify(params.allowedValue)}`;
  }
  return `${where}: ${message}`;
}
