import { createTheme, type Theme } from "@mui/material/styles";
import { branding } from "../config/branding.ts";
import { darkPalette, lightPalette } from "./palette.ts";
import { mergePalette } from "./paletteOverride.ts";

export type ThemeMode = "light" | "dark";

const FALLBACK_FONTS = '"Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** FONT's family first (its @font-face rules are in the document head), the built-in stack after. */
export function fontFamily(font: { fontFamily: string } | undefined): string {
  if (!font) return FALLBACK_FONTS;
  return `${JSON.stringify(font.fontFamily.replace(/[\\"\n\r]/g, ""))}, ${FALLBACK_FONTS}`;
}

export function createDatalabTheme(mode: ThemeMode): Theme {
  return createTheme({
    palette: mergePalette(mode === "dark" ? darkPalette : lightPalette, {
      ...(branding.palette.both ? { both: branding.palette.both } : {}),
      ...(branding.palette[mode] ? { forMode: branding.palette[mode] } : {}),
    }),
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: fontFamily(branding.font),
      h1: { fontSize: "2.2rem", fontWeight: 700 },
      h2: { fontSize: "1.6rem", fontWeight: 600 },
      h3: { fontSize: "1.25rem", fontWeight: 600 },
      button: { textTransform: "none", fontWeight: 600 },
    },
    components: {
      MuiCard: { defaultProps: { variant: "outlined" } },
      MuiAppBar: { defaultProps: { elevation: 0, color: "inherit" } },
      MuiTextField: { defaultProps: { size: "small" } },
      MuiAccordion: { defaultProps: { disableGutters: true, variant: "outlined" } },
    },
  });
}
