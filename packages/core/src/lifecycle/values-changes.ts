// What an edit changes in the user values: one entry per leaf, with the value before and after,
// so the user can review it before applying (onyxia#352).
import type { JsonValue } from "../schema/types.ts";
import { computeValuesDiff } from "../form/values-diff.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";

export interface ValuesChange {
  /** Dotted path, e.g. "resources.requests.cpu" or "extraEnv.0.name". */
  path: string;
  kind: "added" | "removed" | "changed";
  before?: JsonValue;
  after?: JsonValue;
}

function at(values: JsonValue | undefined, path: HelmValuesPath): JsonValue | undefined {
  let current: JsonValue | undefined = values;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current)
      ? current[key as number]
      : Object.hasOwn(current, key)
        ? current[key as string]
        : undefined;
  }
  return current;
}

export function valuesChanges(
  current: JsonValue | undefined,
  next: JsonValue | undefined,
): ValuesChange[] {
  return computeValuesDiff(current, next).map(({ path, value }) => {
    const before = at(current, path);
    const dotted = path.join(".");
    if (value === undefined) return { path: dotted, kind: "removed", before };
    if (before === undefined) return { path: dotted, kind: "added", after: value };
    return { path: dotted, kind: "changed", before, after: value };
  });
}
