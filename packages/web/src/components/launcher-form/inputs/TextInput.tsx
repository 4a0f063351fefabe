import VisibilityIcon from "@mui/icons-material/Visibility";
import Autocomplete from "@mui/material/Autocomplete";
import VisibilityOffIcon from "@mui/icons-material/VisibilityOff";
import IconButton from "@mui/material/IconButton";
import InputAdornment from "@mui/material/InputAdornment";
import TextField from "@mui/material/TextField";
import type { AutocompleteOption, TextField as TextFieldModel } from "@onyxia-ts/core";
import { useState } from "react";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { fieldId, useFormActions } from "../formActions.ts";

/**
 * A text field of an array item that the profile's kept-out fields can fill (reference §9): typing
 * stays free; picking a suggestion replaces the whole item.
 */
function SuggestingTextInput({
  field,
  options,
}: {
  field: TextFieldModel;
  options: AutocompleteOption[];
}) {
  const { setValue } = useFormActions();
  const value = typeof field.value === "string" ? field.value : "";
  return (
    <Autocomplete
      freeSolo
      options={options.map((o) => o.optionValue)}
      inputValue={value}
      disabled={field.readonly}
      onInputChange={(_, next, reason) => {
        if (reason === "input") setValue(field.helmPath, next);
      }}
      onChange={(_, picked) => {
        const option = options.find((o) => o.optionValue === picked);
        if (option) setValue(option.overwrite.path, option.overwrite.value);
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          id={fieldId(field.helmPath)}
          label={field.title}
          required={field.required}
          error={!field.valid}
          helperText={field.description}
          slotProps={{
            htmlInput: { ...params.inputProps, "data-testid": fieldId(field.helmPath) },
          }}
        />
      )}
    />
  );
}

export function TextInput({ field }: { field: TextFieldModel }) {
  const { autocompleteOptions } = useFormActions();
  const options = field.kind === "text" ? (autocompleteOptions?.(field.helmPath) ?? []) : [];
  return options.length > 0 ? (
    <SuggestingTextInput field={field} options={options} />
  ) : (
    <PlainTextInput field={field} />
  );
}

function PlainTextInput({ field }: { field: TextFieldModel }) {
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
