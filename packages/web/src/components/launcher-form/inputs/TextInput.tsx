import VisibilityIcon from "@mui/icons-material/Visibility";
import VisibilityOffIcon from "@mui/icons-material/VisibilityOff";
import IconButton from "@mui/material/IconButton";
import InputAdornment from "@mui/material/InputAdornment";
import TextField from "@mui/material/TextField";
import type { TextField as TextFieldModel } from "@onyxia-ts/core";
import { useState } from "react";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { fieldId, useFormActions } from "../formActions.ts";

export function TextInput({ field }: { field: TextFieldModel }) {
  const { t } = useI18n();
  const { setValue } = useFormActions();
  const [revealed, setRevealed] = useState(false);
  const value =
    typeof field.value === "string" ? field.value : field.value == null ? "" : String(field.value);
  const patternBroken = field.pattern !== undefined && !field.valid;
  const isPassword = field.kind === "password";
  return (
    <TextField
      fullWidth
      id={fieldId(field.helmPath)}
      label={field.title}
      value={value}
      required={field.required}
      disabled={field.readonly}
      multiline={field.kind === "textarea"}
      minRows={field.kind === "textarea" ? 3 : undefined}
      type={isPassword && !revealed ? "password" : "text"}
      error={!field.valid}
      helperText={
        patternBroken
          ? t.launcher.patternError({ pattern: field.pattern ?? "" })
          : field.description
      }
      onChange={(event) => setValue(field.helmPath, event.target.value)}
      slotProps={{
        htmlInput: { "data-testid": fieldId(field.helmPath) },
        input: isPassword
          ? {
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton
                    aria-label={revealed ? t.launcher.hidePassword : t.launcher.showPassword}
                    onClick={() => setRevealed((r) => !r)}
                    edge="end"
                  >
                    {revealed ? <VisibilityOffIcon /> : <VisibilityIcon />}
                  </IconButton>
                </InputAdornment>
              ),
            }
          : {},
      }}
    />
  );
}
