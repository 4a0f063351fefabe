// Default helm values from a resolved schema, the values.yaml and the XOnyxiaContext.
export { computeDefaultValues, type ComputeDefaultValuesOptions, type DefaultValues } from "./computeDefaultValues.ts";
export { resolveListEnumOptions } from "./listEnum.ts";
export { mergeValuesYamlDefaults } from "./includeValuesYaml.ts";
export { coerceToNodeType } from "./coerce.ts";
export { isValidForNode } from "./nodeValidation.ts";
export { DefaultValueError } from "./errors.ts";
export { formatHelmPath, type HelmValuesPath } from "./helmPath.ts";
export { deepEqual, isJsonObject } from "./json.ts";
