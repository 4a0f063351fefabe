import Checkbox from "@mui/material/Checkbox";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormHelperText from "@mui/material/FormHelperText";
import type { CheckboxField } from "@onyxia-ts/core";
import { fieldId, useFormActions } from "../formActions.ts";

export function CheckboxInput({ field }: { field: CheckboxField }) {
  const { setValue } = useFormActions();
  return (
    <div>
      <FormControlLabel
        disabled={field.readonly}
        label={field.title}
        control={
          <Checkbox
            checked={field.value === true}
            onChange={(event) => setValue(field.helmPath, event.target.checked)}
            slotProps={{
              input: {
                id: fieldId(field.helmPath),
                "data-testid": fieldId(field.helmPath),
              } as object,
            }}
          />
        }
      />
      {field.description && (
        <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{field.description}</FormHelperText>
      )}
    </div>
  );
}
