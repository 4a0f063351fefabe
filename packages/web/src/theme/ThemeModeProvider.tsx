import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { branding } from "../config/branding.ts";
import { readStored, writeStored } from "../config/storage.ts";
import { createDatalabTheme, type ThemeMode } from "./createDatalabTheme.ts";

const storageKey = "datalab.themeMode";

interface ThemeModeValue {
  mode: ThemeMode;
  /** False when DARK_MODE forces the theme. */
  canToggle: boolean;
  toggle: () => void;
}

const ThemeModeContext = createContext<ThemeModeValue | undefined>(undefined);

function initialMode(): ThemeMode {
  if (branding.forcedDarkMode !== undefined) return branding.forcedDarkMode ? "dark" : "light";
  const stored = readStored(storageKey);
  if (stored === "light" || stored === "dark") return stored;
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function ThemeModeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<ThemeMode>(initialMode);
  const canToggle = branding.forcedDarkMode === undefined;
  const toggle = useCallback(() => {
    setMode((current) => {
      const next = current === "dark" ? "light" : "dark";
      writeStored(storageKey, next);
      return next;
    });
  }, []);
  const theme = useMemo(() => createDatalabTheme(mode), [mode]);
  const value = useMemo(() => ({ mode, canToggle, toggle }), [mode, canToggle, toggle]);
  return (
    <ThemeModeContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        {children}
      </ThemeProvider>
    </ThemeModeContext.Provider>
  );
}

export function useThemeMode(): ThemeModeValue {
  const value = useContext(ThemeModeContext);
  if (!value) throw new Error("useThemeMode must be used inside <ThemeModeProvider>");
  return value;
}
