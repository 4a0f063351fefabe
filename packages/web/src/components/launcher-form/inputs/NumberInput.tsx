import TextField from "@mui/material/TextField";
import type { NumberField } from "@onyxia-ts/core";
import { useEffect, useState } from "react";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { fieldId, useFormActions } from "../formActions.ts";
import { parseNumberInput } from "../../../core/usecases/launcher-form/formValueText.ts";

export function NumberInput({ field }: { field: NumberField }) {
  const { t } = useI18n();
  const { setValue } = useFormActions();
  const external = typeof field.value === "number" ? String(field.value) : "";
  // Local text so "1." or "-" can be typed; the values only get real numbers.
  const [text, setText] = useState(external);
  useEffect(
    () =>
      setText((current) =>
        parseNumberInput(current, field.isInteger) === field.value ? current : external,
      ),
    [external, field.isInteger, field.value],
  );
  const parsed = parseNumberInput(text, field.isInteger);
  const belowMinimum =
    typeof parsed === "number" && field.minimum !== undefined && parsed < field.minimum;
  return (
    <TextField
      fullWidth
      id={fieldId(field.helmPath)}
      label={field.title}
      type="number"
      value={text}
      required={field.required}
      disabled={field.readonly}
      error={parsed === "invalid" || !field.valid}
      helperText={
        belowMinimum ? t.launcher.minimumError({ minimum: field.minimum ?? 0 }) : field.description
      }
      onChange={(event) => {
        setText(event.target.value);
        const next = parseNumberInput(event.target.value, field.isInteger);
        if (next !== "invalid") setValue(field.helmPath, next);
      }}
      slotProps={{
        htmlInput: {
          "data-testid": fieldId(field.helmPath),
          min: field.minimum,
          max: field.maximum,
          step: field.isInteger ? 1 : "any",
        },
      }}
    />
  );
}
