import Box from "@mui/material/Box";
import FormHelperText from "@mui/material/FormHelperText";
import Slider from "@mui/material/Slider";
import Typography from "@mui/material/Typography";
import type { SliderField } from "@onyxia-ts/core";
import { fieldId, useFormActions } from "../formActions.ts";
import { sliderValue } from "../../../core/usecases/launcher-form/formValueText.ts";

export function SliderInput({ field }: { field: SliderField }) {
  const { setValue } = useFormActions();
  const current = field.numericValue ?? field.min;
  const unit = field.unit ?? "";
  return (
    <Box>
      <Typography variant="body2" sx={{ display: "flex", justifyContent: "space-between" }}>
        <span>{field.title}</span>
        <b data-testid={`${fieldId(field.helmPath)}-value`}>
          {current}
          {unit}
        </b>
      </Typography>
      <Slider
        id={fieldId(field.helmPath)}
        data-testid={fieldId(field.helmPath)}
        value={current}
        min={field.min}
        max={field.max}
        step={field.step}
        disabled={field.readonly}
        valueLabelDisplay="auto"
        valueLabelFormat={(v) => `${v}${unit}`}
        onChange={(_, v) =>
          typeof v === "number" &&
          setValue(field.helmPath, sliderValue(v, field.unit, field.valueType))
        }
      />
      {field.description && <FormHelperText sx={{ mt: -0.5 }}>{field.description}</FormHelperText>}
    </Box>
  );
}
