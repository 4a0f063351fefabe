// The JSON Schema vocabulary Onyxia charts use (draft-07 subset) plus Onyxia's own keywords.
// Unknown keywords are allowed through: charts carry `form`, `$schema` and others we ignore.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/** A hidden rule: a boolean, or "hidden when the value at `path` deep-equals `value`". */
export type HiddenRule =
  | boolean
  | {
      value: JsonValue;
      /** Slash-separated helm values path, e.g. "service/image/custom/enabled". */
      path: string;
      /** When true, `path` is relative to the parent object of the field. */
      isPathRelative?: boolean;
    };

export interface XOnyxia {
  overwriteDefaultWith?: string | JsonValue[] | { [key: string]: JsonValue };
  overwriteListEnumWith?: string | JsonValue[];
  overwriteSchemaWith?: string;
  hidden?: boolean;
  readonly?: boolean;
  /** Legacy (<= Onyxia v9): ignored, kept so charts that carry it parse. */
  useRegionSliderConfig?: string;
  [key: string]: unknown;
}

export type JSONSchemaType =
  "object" | "array" | "string" | "boolean" | "integer" | "number" | "null";

export interface JSONSchema {
  $schema?: string;
  $ref?: string;
  $id?: string;
  type?: JSONSchemaType | JSONSchemaType[];
  title?: string;
  description?: string;
  default?: JsonValue;
  const?: JsonValue;
  enum?: JsonValue[];
  /** Draft-07 also allows a tuple form; Onyxia charts only use the single-schema form. */
  items?: JSONSchema | JSONSchema[];
  additionalItems?: boolean | JSONSchema;
  contains?: JSONSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  additionalProperties?: boolean | JSONSchema;
  patternProperties?: Record<string, JSONSchema>;
  propertyNames?: JSONSchema;
  dependencies?: Record<string, JSONSchema | string[]>;
  allOf?: JSONSchema[];
  anyOf?: JSONSchema[];
  oneOf?: JSONSchema[];
  not?: JSONSchema;
  if?: JSONSchema;
  then?: JSONSchema;
  else?: JSONSchema;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  examples?: JsonValue[];
  definitions?: Record<string, JSONSchema>;
  $defs?: Record<string, JSONSchema>;
  // Onyxia keywords, at the root of the field (outside x-onyxia).
  hidden?: HiddenRule;
  render?: "textArea" | "password" | "list" | "slider";
  listEnum?: JsonValue[];
  sliderMin?: number;
  sliderMax?: number;
  sliderStep?: number;
  sliderUnit?: string;
  sliderExtremity?: "down" | "up";
  sliderExtremitySemantic?: string;
  sliderRangeId?: string;
  "x-onyxia"?: XOnyxia;
  /** Legacy form hints found in real charts (`"form": true`, `"x-form": {...}`): ignored. */
  form?: boolean;
  "x-form"?: { [key: string]: JsonValue };
  [key: string]: unknown;
}
