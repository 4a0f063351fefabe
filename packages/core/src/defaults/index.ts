// Default helm values from a resolved schema, the values.yaml and the XOnyxiaContext.
export {
  computeDefaultValues,
  type ComputeDefaultValuesOptions,
  type DefaultValues,
} from "./compute-default-values.ts";
export { resolveListEnumOptions } from "./list-enum.ts";
export { contextChoiceErrors } from "./context-choices.ts";
export { mergeValuesYamlDefaults } from "./include-values-yaml.ts";
export { coerceToNodeType } from "./coerce.ts";
export { isValidForNode } from "./node-validation.ts";
export { DefaultValueError } from "./errors.ts";
export { formatHelmPath, type HelmValuesPath } from "./helm-path.ts";
export { deepEqual, isJsonObject } from "./json.ts";
