import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import { deepEqual, type SelectField } from "@onyxia-ts/core";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { fieldId, useFormActions } from "../formActions.ts";
import { optionLabel } from "../../../core/usecases/launcher-form/formValueText.ts";

export function SelectInput({ field }: { field: SelectField }) {
  const { t } = useI18n();
  const { setValue } = useFormActions();
  // Options may be any JSON value: the select works on their index.
  const index = field.options.findIndex((option) => deepEqual(option, field.value ?? null));
  return (
    <TextField
      select
      fullWidth
      id={fieldId(field.helmPath)}
      label={field.title}
      value={index === -1 ? "" : String(index)}
      required={field.required}
      disabled={field.readonly || field.options.length === 0}
      error={!field.valid}
      helperText={field.options.length === 0 ? t.launcher.noOptions : field.description}
      onChange={(event) => {
        const option = field.options[Number(event.target.value)];
        if (option !== undefined) setValue(field.helmPath, option);
      }}
      slotProps={{ htmlInput: { "data-testid": fieldId(field.helmPath) } }}
    >
      {field.options.map((option, i) => (
        <MenuItem key={i} value={String(i)}>
          {optionLabel(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}
