// Turns one schema node into a form node (reference §4.5 field type mapping).
import { computeDefaultValues } from "../defaults/compute-default-values.ts";
import { DefaultValueError } from "../defaults/errors.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import { itemsSchemaOf, primaryType } from "../defaults/json.ts";
import { resolveListEnumOptions } from "../defaults/list-enum.ts";
import { isValidForNode } from "../defaults/node-validation.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";
import { finalizeNode, type Built, type BuiltGroup, type PendingRangeEnd } from "./built.ts";
import { FormModelError } from "./errors.ts";
import { mergeRangeSliders } from "./range-sliders.ts";
import { parseSliderValue } from "./slider.ts";
import type { FormArrayGroup, SliderField } from "./types.ts";
import { getValueAtPath } from "./values-path.ts";
import { isFieldHidden, isFieldReadonly } from "./visibility.ts";

export interface BuildEnv {
  values: JsonValue | undefined;
  context: unknown;
}

export interface NodePlace {
  path: HelmValuesPath;
  title: string;
  required: boolean;
  /** A readonly ancestor makes the whole subtree readonly. */
  readonlyAncestor: boolean;
}

function selectOptions(
  node: JSONSchema,
  path: HelmValuesPath,
  env: BuildEnv,
): JsonValue[] | undefined {
  const options = resolveListEnumOptions(node, env.context) ?? node.listEnum ?? node.enum;
  if (node.render === "list" && (options === undefined || options.length === 0)) {
    throw new FormModelError(
      path,
      'render "list" but no options (overwriteListEnumWith, listEnum or enum)',
    );
  }
  return options !== undefined && options.length > 0 ? options : undefined;
}

function sliderField(node: JSONSchema, base: ReturnType<typeof fieldBase>): SliderField {
  const min = node.sliderMin as number;
  const max = node.sliderMax ?? node.maximum;
  if (typeof max !== "number") throw new FormModelError(base.helmPath, "slider without sliderMax");
  const unit = node.sliderUnit;
  return {
    ...base,
    kind: "slider",
    min,
    max,
    step: node.sliderStep ?? 1,
    unit,
    valueType: primaryType(node) === "string" ? "string" : "number",
    numericValue: parseSliderValue(base.value, unit),
  };
}

function fieldBase(node: JSONSchema, place: NodePlace, env: BuildEnv) {
  const value = getValueAtPath(env.values, place.path);
  return {
    helmPath: place.path,
    title: node.title ?? place.title,
    description: node.description,
    hidden: isFieldHidden(node, place.path, env.values),
    readonly: place.readonlyAncestor || isFieldReadonly(node),
    value,
    required: place.required,
    valid: isValidForNode(node, value),
  };
}

export function buildNode(node: JSONSchema, place: NodePlace, env: BuildEnv): Built {
  const type = primaryType(node);
  const items = itemsSchemaOf(node);
  const base = fieldBase(node, place, env);

  if (
    (type === "object" && node.properties === undefined) ||
    (type === "array" && items === undefined)
  ) {
    return { ...base, kind: "yaml", expectedType: type };
  }
  const options = selectOptions(node, place.path, env);
  if (options !== undefined) return { ...base, kind: "select", options };

  if (typeof node.sliderMin === "number") {
    const slider = sliderField(node, base);
    if (node.sliderExtremity === undefined || node.sliderRangeId === undefined) return slider;
    return pendingEnd(node, slider);
  }
  switch (type) {
    case "boolean":
      return { ...base, kind: "checkbox" };
    case "string": {
      const kind =
        node.render === "textArea" ? "textarea" : node.render === "password" ? "password" : "text";
      return { ...base, kind, pattern: node.pattern };
    }
    case "integer":
    case "number":
      return {
        ...base,
        kind: "number",
        isInteger: type === "integer",
        minimum: node.minimum,
        maximum: node.maximum,
      };
    case "object":
      return buildGroup(node, place, env, base.readonly);
    case "array":
      return buildArray(node, items as JSONSchema, place, env, base);
    default:
      return { ...base, kind: "yaml", expectedType: undefined };
  }
}

function pendingEnd(node: JSONSchema, slider: SliderField): PendingRangeEnd {
  return {
    kind: "rangeEnd",
    rangeId: node.sliderRangeId as string,
    extremity: node.sliderExtremity as "down" | "up",
    asSlider: slider,
    end: {
      helmPath: slider.helmPath,
      title: slider.title,
      description: slider.description,
      semantic: node.sliderExtremitySemantic,
      value: slider.value,
      numericValue: slider.numericValue,
      valueType: slider.valueType,
      hidden: slider.hidden,
      readonly: slider.readonly,
    },
  };
}

export function buildGroup(
  node: JSONSchema,
  place: NodePlace,
  env: BuildEnv,
  readonly: boolean,
): BuiltGroup {
  const required = new Set(node.required ?? []);
  const children = Object.entries(node.properties ?? {}).map(([key, property]) =>
    buildNode(
      property,
      {
        path: [...place.path, key],
        title: key,
        required: required.has(key),
        readonlyAncestor: readonly,
      },
      env,
    ),
  );
  const merged = mergeRangeSliders(children);
  const ownHidden = isFieldHidden(node, place.path, env.values);
  const allChildrenHidden =
    merged.length > 0 && merged.every((c) => (c.kind === "rangeEnd" ? c.end.hidden : c.hidden));
  return {
    kind: "group",
    helmPath: place.path,
    title: node.title ?? place.title,
    description: node.description,
    hidden: ownHidden || allChildrenHidden,
    readonly,
    children: merged,
  };
}

function newItemValue(items: JSONSchema, context: unknown): JsonValue {
  try {
    return computeDefaultValues(items, { context }).values;
  } catch (error) {
    if (!(error instanceof DefaultValueError)) throw error;
    // No default for the items: start from an empty value of the right type.
    const empty: Record<string, JsonValue> = {
      string: "",
      boolean: false,
      integer: 0,
      number: 0,
      array: [],
      object: {},
    };
    return empty[primaryType(items) ?? "object"] ?? null;
  }
}

function buildArray(
  node: JSONSchema,
  items: JSONSchema,
  place: NodePlace,
  env: BuildEnv,
  base: ReturnType<typeof fieldBase>,
): FormArrayGroup {
  const current = Array.isArray(base.value) ? base.value : [];
  const minItems = node.minItems ?? 0;
  const maxItems = node.maxItems;
  const itemNodes = current.map((_, i) =>
    // Finalized per item: range-slider ends never pair across items.
    finalizeNode(
      buildNode(
        items,
        {
          path: [...place.path, i],
          title: `item ${i + 1}`,
          required: false,
          readonlyAncestor: base.readonly,
        },
        env,
      ),
    ),
  );
  return {
    kind: "array",
    helmPath: base.helmPath,
    title: base.title,
    description: base.description,
    hidden: base.hidden,
    readonly: base.readonly,
    items: itemNodes,
    minItems,
    maxItems,
    canAdd: !base.readonly && (maxItems === undefined || current.length < maxItems),
    canRemove: !base.readonly && current.length > minItems,
    newItemValue: newItemValue(items, env.context),
  };
}
