// The values form of the launcher and of the service page's edit panel: the sections generated
// from the chart schema, then the whole values as YAML. State and rules are the ValuesForm's.
import type { ValuesForm } from "../../core/usecases/launcher-form/valuesForm.ts";
import { useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { FieldErrorsContext } from "./fieldErrorsContext.ts";
import { FormActionsContext, type FormActions } from "./formActions.ts";
import { FormSections } from "./FormSections.tsx";
import { GroupAddonsContext, type GroupAddons } from "./groupAddons.ts";

const noAddons: GroupAddons = {};
import { ValuesYamlEditor } from "./ValuesYamlEditor.tsx";

/**
 * `actions`: what the widgets call, the form's own by default; `yaml`: the whole-values editor;
 * `groupAddons`: shown at the top of the named top-level groups (groupAddons.ts).
 */
export function ValuesFormView({
  form,
  actions = form,
  yaml = true,
  groupAddons = noAddons,
}: {
  form: ValuesForm;
  actions?: FormActions;
  yaml?: boolean;
  groupAddons?: GroupAddons;
}) {
  const { values, model, errors } = useStore(form);
  return (
    <FormActionsContext.Provider value={actions}>
      <GroupAddonsContext.Provider value={groupAddons}>
        <FieldErrorsContext.Provider value={errors}>
          {"error" in model ? (
            <ErrorPanel error={model.error} />
          ) : (
            <FormSections model={model.model} />
          )}
        </FieldErrorsContext.Provider>
      </GroupAddonsContext.Provider>
      {yaml && <ValuesYamlEditor values={values} errors={errors} onChange={form.setValues} />}
    </FormActionsContext.Provider>
  );
}
