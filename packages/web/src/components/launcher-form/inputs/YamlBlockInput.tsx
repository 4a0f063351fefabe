import TextField from "@mui/material/TextField";
import type { YamlField } from "@onyxia-ts/core";
import { useEffect, useState } from "react";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { fieldId, useFormActions } from "../formActions.ts";
import { parseYamlBlock, toYamlText } from "../../../core/usecases/launcher-form/formValueText.ts";

/** Objects and arrays without a described structure are edited as a YAML block. */
export function YamlBlockInput({ field }: { field: YamlField }) {
  const { t } = useI18n();
  const { setValue } = useFormActions();
  const external = toYamlText(field.value);
  const [text, setText] = useState(external);
  const [error, setError] = useState<string | undefined>();
  // Follow outside changes (reset, link patch) unless the user is mid-edit on a broken text.
  useEffect(() => {
    if (error === undefined) setText(external);
  }, [external, error]);
  return (
    <TextField
      fullWidth
      multiline
      minRows={3}
      id={fieldId(field.helmPath)}
      label={`${field.title} (YAML)`}
      value={text}
      disabled={field.readonly}
      error={error !== undefined || !field.valid}
      helperText={
        error !== undefined ? t.launcher.yamlError({ message: error }) : field.description
      }
      onChange={(event) => {
        setText(event.target.value);
        const parsed = parseYamlBlock(event.target.value, field.expectedType);
        if (parsed.ok) {
          setError(undefined);
          setValue(field.helmPath, parsed.value);
        } else {
          setError(parsed.message);
        }
      }}
      slotProps={{
        htmlInput: {
          "data-testid": fieldId(field.helmPath),
          spellCheck: false,
          style: { fontFamily: "monospace" },
        },
      }}
    />
  );
}
