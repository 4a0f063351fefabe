import type { AutocompleteOption, JsonValue } from "@onyxia-ts/core";
import { createContext, useContext } from "react";

export type HelmPath = (string | number)[];

export interface FormActions {
  /** Sets the value at a helm path; undefined removes the key. */
  setValue: (path: HelmPath, value: JsonValue | undefined) => void;
  /** Removes an array item, shifting the following ones. */
  removeItem: (path: HelmPath) => void;
  /** The launcher: suggestions for a text field (the profile's kept-out fields). */
  autocompleteOptions?: (path: HelmPath) => AutocompleteOption[];
  /** The profile form: whether each array item is injected into launches. */
  autoInjection?: {
    isInjected: (path: HelmPath) => boolean;
    setInjected: (path: HelmPath, injected: boolean) => void;
  };
}

export const FormActionsContext = createContext<FormActions | undefined>(undefined);

export function useFormActions(): FormActions {
  const actions = useContext(FormActionsContext);
  if (!actions) throw new Error("form widgets must be rendered inside FormActionsContext");
  return actions;
}

/** A stable DOM id / test id for a field, e.g. "field-resources.limits.cpu". */
export function fieldId(path: HelmPath): string {
  return `field-${path.join(".")}`;
}
