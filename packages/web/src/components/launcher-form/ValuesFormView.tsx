// The values form of the launcher and of the service page's edit panel: the sections generated
// from the chart schema, then the whole values as YAML. State and rules are the ValuesForm's.
import type { ValuesForm } from "../../core/usecases/launcher-form/valuesForm.ts";
import { useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { FieldErrorsContext } from "./fieldErrorsContext.ts";
import { FormActionsContext, type FormActions } from "./formActions.ts";
import { FormSections } from "./FormSections.tsx";
import { ValuesYamlEditor } from "./ValuesYamlEditor.tsx";

/** `actions`: what the widgets call, the form's own by default; `yaml`: the whole-values editor. */
export function ValuesFormView({
  form,
  actions = form,
  yaml = true,
}: {
  form: ValuesForm;
  actions?: FormActions;
  yaml?: boolean;
}) {
  const { values, model, errors } = useStore(form);
  return (
    <FormActionsContext.Provider value={actions}>
      <FieldErrorsContext.Provider value={errors}>
        {"error" in model ? (
          <ErrorPanel error={model.error} />
        ) : (
          <FormSections model={model.model} />
        )}
      </FieldErrorsContext.Provider>
      {yaml && <ValuesYamlEditor values={values} errors={errors} onChange={form.setValues} />}
    </FormActionsContext.Provider>
  );
}
