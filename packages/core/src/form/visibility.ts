// Hidden and readonly rules of a field (reference §4.2, §4.5), evaluated on the CURRENT values.
import { deepEqual } from "../defaults/json.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { getValueAtPath } from "./values-path.ts";

/** The helm path a conditional rule points at: slash-separated; relative means among the siblings. */
export function hiddenRuleTargetPath(
  rulePath: string,
  isPathRelative: boolean,
  fieldPath: HelmValuesPath,
): HelmValuesPath {
  const segments = rulePath.split("/").filter((s) => s !== "");
  return isPathRelative ? [...fieldPath.slice(0, -1), ...segments] : segments;
}

export function isFieldHidden(
  node: JSONSchema,
  fieldPath: HelmValuesPath,
  values: JsonValue | undefined,
): boolean {
  if (node["x-onyxia"]?.hidden === true) return true;
  const rule = node.hidden;
  if (rule === undefined || typeof rule === "boolean") return rule === true;
  const target = hiddenRuleTargetPath(rule.path, rule.isPathRelative === true, fieldPath);
  return deepEqual(getValueAtPath(values, target), rule.value);
}

export function isFieldReadonly(node: JSONSchema): boolean {
  return node["x-onyxia"]?.readonly === true || node.const !== undefined;
}
