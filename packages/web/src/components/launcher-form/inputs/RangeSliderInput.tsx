import Box from "@mui/material/Box";
import FormHelperText from "@mui/material/FormHelperText";
import Slider from "@mui/material/Slider";
import Typography from "@mui/material/Typography";
import type { RangeSliderField } from "@onyxia-ts/core";
import { fieldId, useFormActions } from "../formActions.ts";
import { sliderValue } from "../../../core/usecases/launcher-form/formValueText.ts";

/** A `down` and an `up` field (e.g. requests.cpu / limits.cpu) edited as one two-thumb slider. */
export function RangeSliderInput({ field }: { field: RangeSliderField }) {
  const { setValue } = useFormActions();
  const unit = field.unit ?? "";
  const down = field.down.numericValue ?? field.min;
  const up = field.up.numericValue ?? field.max;
  const label = (end: RangeSliderField["down"], value: number) =>
    `${end.semantic ?? end.title}: ${value}${unit}`;
  return (
    <Box data-testid={`range-${field.rangeId}`}>
      <Typography variant="body2" sx={{ display: "flex", justifyContent: "space-between", gap: 2 }}>
        <span>{field.title}</span>
        <span>
          {label(field.down, down)} · {label(field.up, up)}
        </span>
      </Typography>
      <Slider
        id={fieldId(field.helmPath)}
        value={[down, up]}
        min={field.min}
        max={field.max}
        step={field.step}
        disabled={field.readonly}
        disableSwap
        valueLabelDisplay="auto"
        valueLabelFormat={(v) => `${v}${unit}`}
        getAriaLabel={(i) => (i === 0 ? field.down.title : field.up.title)}
        onChange={(_, v) => {
          if (!Array.isArray(v)) return;
          const [nextDown, nextUp] = v;
          if (nextDown !== undefined && nextDown !== down && !field.down.readonly) {
            setValue(field.down.helmPath, sliderValue(nextDown, field.unit, field.down.valueType));
          }
          if (nextUp !== undefined && nextUp !== up && !field.up.readonly) {
            setValue(field.up.helmPath, sliderValue(nextUp, field.unit, field.up.valueType));
          }
        }}
      />
      {field.description && <FormHelperText sx={{ mt: -0.5 }}>{field.description}</FormHelperText>}
    </Box>
  );
}
