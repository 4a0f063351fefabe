// The whole launcher form: main sections, the `global` section and one section per chart
// dependency described by the schema (reference §4.5).
import { isJsonObject } from "../defaults/json.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { buildGroup, type BuildEnv } from "./build-node.ts";
import { finalizeGroup, finalizeNode } from "./built.ts";
import { FormModelError } from "./errors.ts";
import { mergeRangeSliders } from "./range-sliders.ts";
import type { ChartDependency, DependencySection, FormModel } from "./types.ts";
import { getValueAtPath } from "./values-path.ts";

export interface ComputeFormModelOptions {
  /** The XOnyxiaContext, for `overwriteListEnumWith`. */
  context: unknown;
  /** From Chart.yaml. */
  dependencies?: ChartDependency[];
  /** The chart's values.yaml: a dependency condition absent from the values is read there. */
  valuesYaml?: JsonValue;
}

/** Helm's rule: the first condition path that has a value decides. */
function isDependencyEnabled(
  condition: string | undefined,
  values: JsonValue,
  valuesYaml: JsonValue | undefined,
): boolean {
  if (condition === undefined || condition.trim() === "") return true;
  for (const raw of condition.split(",")) {
    const path = raw.trim().split(".");
    const value = getValueAtPath(values, path) ?? getValueAtPath(valuesYaml, path);
    if (value !== undefined) return value === true;
  }
  return false;
}

export function computeFormModel(
  schema: JSONSchema,
  values: JsonValue,
  options: ComputeFormModelOptions,
): FormModel {
  const properties = schema.properties;
  if (properties === undefined) throw new FormModelError([], 'the root schema has no "properties"');
  if (!isJsonObject(values)) throw new FormModelError([], "the values must be an object");
  const env: BuildEnv = { values, context: options.context };
  const required = new Set(schema.required ?? []);
  const sectionOf = (key: string) =>
    buildGroup(
      properties[key] as JSONSchema,
      { path: [key], title: key, required: required.has(key), readonlyAncestor: false },
      env,
      false,
    );

  const dependencyKeys = new Map<string, ChartDependency>();
  for (const dependency of options.dependencies ?? []) {
    const key = dependency.alias ?? dependency.name;
    if (key !== "global" && Object.hasOwn(properties, key)) dependencyKeys.set(key, dependency);
  }

  const global = Object.hasOwn(properties, "global")
    ? finalizeGroup(sectionOf("global"))
    : undefined;
  const dependencies: DependencySection[] = [...dependencyKeys].map(([key, dependency]) => ({
    name: key,
    condition: dependency.condition,
    enabled: isDependencyEnabled(dependency.condition, values, options.valuesYaml),
    group: finalizeGroup(sectionOf(key)),
  }));

  const mainRoot = buildGroup(
    {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(properties).filter(([k]) => k !== "global" && !dependencyKeys.has(k)),
      ),
    },
    { path: [], title: "", required: false, readonlyAncestor: false },
    env,
    false,
  );
  const main = mergeRangeSliders(mainRoot.children).map(finalizeNode);
  return { main, global, dependencies };
}
