// The launcher form model, hidden/readonly rules and the helm values patch helpers.
export type * from "./types.ts";
export { computeFormModel, type ComputeFormModelOptions } from "./compute-form-model.ts";
export { isFieldHidden, isFieldReadonly, hiddenRuleTargetPath } from "./visibility.ts";
export { parseSliderValue, formatSliderValue, type SliderValueType } from "./slider.ts";
export { getValueAtPath, setValueAtPath, removeValueAtPath } from "./values-path.ts";
export {
  computeValuesDiff,
  applyValuesPatch,
  isAtomicDiffEntry,
  type ValuesDiffEntry,
  type AtomicValuesDiffEntry,
} from "./values-diff.ts";
export { FormModelError } from "./errors.ts";
