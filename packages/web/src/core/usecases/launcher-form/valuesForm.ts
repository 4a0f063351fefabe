// The values form shared by the launcher and the service page's edit panel: the values being
// edited, the form model core computes from the schema, and the whole-values validation.
import {
  computeAutocompleteOptions,
  computeFormModel,
  removeValueAtPath,
  setValueAtPath,
  type AutocompleteOption,
  type ComputeFormModelOptions,
  type FormModel,
  type JSONSchema,
  type JsonValue,
  type XOnyxiaContext,
} from "@onyxia-ts/core";
import { createState, type Store } from "../../store.ts";
import {
  mergeFieldErrors,
  noErrors,
  validateInBrowser,
  type FieldErrors,
} from "./valuesValidation.ts";

export type HelmPath = (string | number)[];

export interface ValuesFormOptions {
  schema: JSONSchema;
  context: XOnyxiaContext;
  dependencies: NonNullable<ComputeFormModelOptions["dependencies"]>;
  valuesYaml: JsonValue | undefined;
  /** The profile's kept-out fields (`{user: {profile}}`): autocomplete options of array items. */
  autocompleteContext?: unknown;
}

export interface ValuesFormState {
  values: JsonValue;
  /** The form core computes, or why it could not. */
  model: { model: FormModel } | { error: unknown };
  /** The browser's validation merged with the server's last answer. */
  errors: FieldErrors;
}

export interface ValuesForm extends Store<ValuesFormState> {
  /** Sets the value at a helm path; undefined removes the key. */
  setValue(path: HelmPath, value: JsonValue | undefined): void;
  /** Removes an array item, shifting the following ones. */
  removeItem(path: HelmPath): void;
  /** Replaces every value (the YAML editor, a reset). */
  setValues(values: JsonValue): void;
  /** The server's validation errors about the values it saw; any edit makes them stale. */
  setServerErrors(errors: FieldErrors): void;
  /** Suggestions for the text field at `path` (reference §9); picking one sets `overwrite`. */
  autocompleteOptions(path: HelmPath): AutocompleteOption[];
}

export function withValue(
  values: JsonValue,
  path: HelmPath,
  value: JsonValue | undefined,
): JsonValue {
  return value === undefined
    ? (removeValueAtPath(values, path) ?? {})
    : setValueAtPath(values, path, value);
}

export function withoutItem(values: JsonValue, path: HelmPath): JsonValue {
  return removeValueAtPath(values, path) ?? {};
}

/** The form model and the browser's errors for these values; neither throws. */
export function deriveValuesForm(
  options: ValuesFormOptions,
  values: JsonValue,
  serverErrors: FieldErrors = noErrors,
): ValuesFormState {
  let model: ValuesFormState["model"];
  try {
    model = {
      model: computeFormModel(options.schema, values, {
        context: options.context,
        dependencies: options.dependencies,
        valuesYaml: options.valuesYaml,
      }),
    };
  } catch (error) {
    model = { error };
  }
  let browserErrors = noErrors;
  try {
    browserErrors = validateInBrowser(options.schema, values);
  } catch {
    // A schema the validator cannot read blocks nothing (the server checks too).
  }
  return { values, model, errors: mergeFieldErrors(browserErrors, serverErrors) };
}

export function createValuesForm(options: ValuesFormOptions, initial: JsonValue): ValuesForm {
  const state = createState(deriveValuesForm(options, initial));
  const edit = (change: (values: JsonValue) => JsonValue) =>
    state.set((s) => deriveValuesForm(options, change(s.values)));
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    setValue: (path, value) => edit((values) => withValue(values, path, value)),
    removeItem: (path) => edit((values) => withoutItem(values, path)),
    setValues: (values) => edit(() => values),
    setServerErrors: (errors) => state.set((s) => deriveValuesForm(options, s.values, errors)),
    autocompleteOptions: (path) =>
      options.autocompleteContext === undefined
        ? []
        : computeAutocompleteOptions({
            schema: options.schema,
            values: state.get().values,
            path,
            context: options.context,
            autocompleteContext: options.autocompleteContext,
          }),
  };
}
