// The values form of the launcher and of the service page's edit panel: the sections generated
// from the chart schema, then the whole values as YAML. State and rules are the ValuesForm's.
import type { ValuesForm } from "../../core/usecases/launcher-form/valuesForm.ts";
import { useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { FieldErrorsContext } from "./fieldErrorsContext.ts";
import { FormActionsContext } from "./formActions.ts";
import { FormSections } from "./FormSections.tsx";
import { GroupAddonsContext, type GroupAddons } from "./groupAddons.ts";

const noAddons: GroupAddons = {};
import { ValuesYamlEditor } from "./ValuesYamlEditor.tsx";

export function ValuesFormView({
  form,
  groupAddons = noAddons,
}: {
  form: ValuesForm;
  /** Shown at the top of the named top-level groups (groupAddons.ts). */
  groupAddons?: GroupAddons;
}) {
  const { values, model, errors } = useStore(form);
  return (
    <FormActionsContext.Provider value={form}>
      <GroupAddonsContext.Provider value={groupAddons}>
        <FieldErrorsContext.Provider value={errors}>
          {"error" in model ? (
            <ErrorPanel error={model.error} />
          ) : (
            <FormSections model={model.model} />
          )}
        </FieldErrorsContext.Provider>
      </GroupAddonsContext.Provider>
      <ValuesYamlEditor values={values} errors={errors} onChange={form.setValues} />
    </FormActionsContext.Provider>
  );
}
