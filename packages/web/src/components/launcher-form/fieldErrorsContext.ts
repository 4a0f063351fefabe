import { createContext, useContext } from "react";
import { noErrors, type FieldErrors } from "../../core/usecases/launcher-form/valuesValidation.ts";

/** Whole-values errors, read by each field to show its own under it. */
export const FieldErrorsContext = createContext<FieldErrors>(noErrors);

export function useFieldErrors(helmPath: readonly (string | number)[]): readonly string[] {
  return useContext(FieldErrorsContext).byPath.get(helmPath.join(".")) ?? [];
}
