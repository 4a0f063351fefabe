// The form model the web renders from a resolved chart schema and the current values (reference §4.5).
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import type { JsonValue } from "../schema/types.ts";
import type { SliderValueType } from "./slider.ts";

interface FormNodeBase {
  /** Where the field's value lives in the helm values. */
  helmPath: HelmValuesPath;
  /** The schema title, else the key name, else "item N" for array items. */
  title: string;
  description: string | undefined;
  hidden: boolean;
  readonly: boolean;
}

interface FormFieldBase extends FormNodeBase {
  /** The current value (undefined when absent from the values). */
  value: JsonValue | undefined;
  /** The key is listed in its parent's `required`. */
  required: boolean;
  /** The current value passes this node's own schema rules (type, pattern, bounds, enum…). */
  valid: boolean;
}

export interface TextField extends FormFieldBase {
  kind: "text" | "textarea" | "password";
  pattern: string | undefined;
}

export interface NumberField extends FormFieldBase {
  kind: "number";
  isInteger: boolean;
  minimum: number | undefined;
  maximum: number | undefined;
}

export interface CheckboxField extends FormFieldBase {
  kind: "checkbox";
}

export interface SelectField extends FormFieldBase {
  kind: "select";
  options: JsonValue[];
}

export interface SliderField extends FormFieldBase {
  kind: "slider";
  min: number;
  max: number;
  step: number;
  unit: string | undefined;
  valueType: SliderValueType;
  /** The value as a number (unit stripped); undefined when it cannot be read. */
  numericValue: number | undefined;
}

/** An object or array without `properties` / `items`: edited as YAML. */
export interface YamlField extends FormFieldBase {
  kind: "yaml";
  expectedType: "object" | "array" | undefined;
}

export type FormField =
  TextField | NumberField | CheckboxField | SelectField | SliderField | YamlField;

export interface RangeSliderEnd {
  helmPath: HelmValuesPath;
  title: string;
  description: string | undefined;
  /** sliderExtremitySemantic, e.g. "guaranteed" / "Maximum". */
  semantic: string | undefined;
  value: JsonValue | undefined;
  numericValue: number | undefined;
  valueType: SliderValueType;
  hidden: boolean;
  readonly: boolean;
}

/** Two fields sharing a sliderRangeId (a `down` and an `up` end) shown as one range slider. */
export interface RangeSliderField extends FormNodeBase {
  kind: "rangeSlider";
  rangeId: string;
  min: number;
  max: number;
  step: number;
  unit: string | undefined;
  down: RangeSliderEnd;
  up: RangeSliderEnd;
}

export interface FormGroup extends FormNodeBase {
  kind: "group";
  children: FormNode[];
}

export interface FormArrayGroup extends FormNodeBase {
  kind: "array";
  /** One node per current item, titled "item N". */
  items: FormNode[];
  minItems: number;
  maxItems: number | undefined;
  canAdd: boolean;
  canRemove: boolean;
  /** What "add" appends: the computed default of the items schema. */
  newItemValue: JsonValue;
}

export type FormNode = FormField | RangeSliderField | FormGroup | FormArrayGroup;

export interface ChartDependency {
  name: string;
  alias?: string;
  condition?: string;
}

export interface DependencySection {
  /** The values key of the dependency (its alias, else its name). */
  name: string;
  condition: string | undefined;
  /** False when the condition does not hold `true` in the values. */
  enabled: boolean;
  group: FormGroup;
}

export interface FormModel {
  main: FormNode[];
  global: FormGroup | undefined;
  dependencies: DependencySection[];
}
