import type { PaletteOptions } from "@mui/material/styles";

// A datalab look: a saturated indigo focus colour on calm neutral surfaces.
const focus = { main: "#4f5fe8", light: "#7d89f2", dark: "#3442c4", contrastText: "#ffffff" };

export const lightPalette: PaletteOptions = {
  mode: "light",
  primary: focus,
  secondary: { main: "#00a58c" },
  background: { default: "#f4f5f9", paper: "#ffffff" },
  text: { primary: "#1f2430", secondary: "#5b6275" },
  divider: "rgba(31, 36, 48, 0.1)",
};

export const darkPalette: PaletteOptions = {
  mode: "dark",
  // `light` is for text on a primary-tinted surface (selected items): 6:1 there, main is only 3.6:1.
  primary: { ...focus, main: "#7b87ff", light: "#b3baff", contrastText: "#0f1220" },
  secondary: { main: "#3ad6bd" },
  background: { default: "#1b1f2a", paper: "#252a37" },
  text: { primary: "#eef0f6", secondary: "#a5abbd" },
  divider: "rgba(238, 240, 246, 0.12)",
};
