// Branding uses Onyxia's variable names (HEADER_TEXT_BOLD, HEADER_TEXT_FOCUS, TAB_TITLE, DARK_MODE,
// ENABLED_LANGUAGES), read at build time through Vite's env (see envPrefix in vite.config.ts).
const env = import.meta.env as Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

export const branding = {
  /** Bold part of the header text (Onyxia shows its own name there; empty by default here). */
  headerTextBold: nonEmpty(env["HEADER_TEXT_BOLD"]) ?? "",
  /** Highlighted part of the header text. */
  headerTextFocus: nonEmpty(env["HEADER_TEXT_FOCUS"]) ?? "Datalab",
  tabTitle: nonEmpty(env["TAB_TITLE"]) ?? "Datalab",
  /** "true"/"false" forces the theme; anything else lets the user choose. */
  forcedDarkMode:
    env["DARK_MODE"] === "true" ? true : env["DARK_MODE"] === "false" ? false : undefined,
  enabledLanguages: nonEmpty(env["ENABLED_LANGUAGES"])
    ?.split(",")
    .map((l) => l.trim()),
};

export const brandName = [branding.headerTextBold, branding.headerTextFocus]
  .filter(Boolean)
  .join(" ");
