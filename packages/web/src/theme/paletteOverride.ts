// PALETTE_OVERRIDE(_LIGHT|_DARK) merged into the MUI palettes. Onyxia's own palette names its accent
// colour `focus`; it is read as MUI's `primary`, so an Onyxia value keeps working here.
import type { PaletteOptions } from "@mui/material/styles";

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // `mode` belongs to the theme switch, not to the admin's colours.
    if (key === "mode") continue;
    out[key] = isPlain(value) && isPlain(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

function asMui(override: object): Plain {
  const { focus, ...rest } = override as Plain;
  return isPlain(focus) ? deepMerge({ primary: focus }, rest) : rest;
}

/** The common override first, then the mode's own, over the built-in palette. */
export function mergePalette(
  base: PaletteOptions,
  overrides: { both?: object; forMode?: object },
): PaletteOptions {
  let merged = base as Plain;
  if (overrides.both) merged = deepMerge(merged, asMui(overrides.both));
  if (overrides.forMode) merged = deepMerge(merged, asMui(overrides.forMode));
  return merged as PaletteOptions;
}
