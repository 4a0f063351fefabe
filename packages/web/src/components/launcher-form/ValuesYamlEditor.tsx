import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { JsonValue } from "@onyxia-ts/core";
import { useEffect, useState } from "react";
import { parse, stringify } from "yaml";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import type { FieldErrors } from "../../core/usecases/launcher-form/valuesValidation.ts";

/** The whole values as YAML, editable; schema errors are listed under it (and shown by each field). */
export function ValuesYamlEditor({
  values,
  errors,
  onChange,
}: {
  values: JsonValue;
  errors: FieldErrors;
  onChange: (values: JsonValue) => void;
}) {
  const { t } = useI18n();
  const external = stringify(values ?? {}, { lineWidth: 0 });
  const [text, setText] = useState(external);
  const [syntaxError, setSyntaxError] = useState<string | undefined>();
  useEffect(() => {
    if (syntaxError === undefined) setText(external);
  }, [external, syntaxError]);
  return (
    <Accordion data-testid="values-editor" slotProps={{ transition: { unmountOnExit: true } }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography sx={{ fontWeight: 600 }}>{t.launcher.valuesEditor}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <TextField
          fullWidth
          multiline
          minRows={8}
          maxRows={30}
          value={text}
          error={syntaxError !== undefined || errors.all.length > 0}
          helperText={
            syntaxError !== undefined ? t.launcher.yamlError({ message: syntaxError }) : undefined
          }
          onChange={(event) => {
            setText(event.target.value);
            try {
              const parsed = parse(event.target.value) as JsonValue;
              if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
                throw new Error(t.launcher.valuesMustBeObject);
              setSyntaxError(undefined);
              onChange(parsed);
            } catch (error) {
              setSyntaxError(error instanceof Error ? error.message : String(error));
            }
          }}
          slotProps={{
            htmlInput: {
              "data-testid": "values-yaml",
              spellCheck: false,
              style: { fontFamily: "monospace", fontSize: 13 },
            },
          }}
        />
        {errors.all.length > 0 && (
          <Alert severity="error" sx={{ mt: 1 }} data-testid="values-errors">
            {errors.all.map((e) => (
              <div key={e}>{e}</div>
            ))}
          </Alert>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
