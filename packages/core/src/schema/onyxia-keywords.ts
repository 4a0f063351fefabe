// Keywords that Onyxia charts carry next to standard JSON Schema. They drive the form, not
// validation, so Ajv must accept them as plain annotations. Found by scanning every
// values.schema.json of the real catalogs (reference §4.1, §4.2).
export const ONYXIA_ANNOTATION_KEYWORDS = [
  "hidden",
  "render",
  "listEnum",
  "sliderMin",
  "sliderMax",
  "sliderStep",
  "sliderUnit",
  "sliderExtremity",
  "sliderExtremitySemantic",
  "sliderRangeId",
  "x-onyxia",
  "form",
  "x-form",
] as const;
