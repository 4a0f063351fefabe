// The web customization (Onyxia's web env variables, reference §10): validated by the server
// (packages/server/src/config/web-env.ts) and handed to the browser as JSON in index.html
// (`<script type="application/json" id="onyxia-web-env">`). Absent: unset or malformed.

/** A text, or one per language (`{en: "…", fr: "…"}`). */
export type LocalizedText = string | Record<string, string>;

/** A URL, or one per theme. */
export type ThemedUrl = string | { light: string; dark: string };

export interface WebLink {
  label: LocalizedText;
  url: LocalizedText;
  icon?: string;
  [key: string]: unknown;
}

export interface WebCard {
  title: LocalizedText;
  description: LocalizedText;
  pictogram?: string;
  button?: unknown;
  [key: string]: unknown;
}

export type WebAlert =
  LocalizedText | { severity: "info" | "success" | "warning" | "error"; message: LocalizedText };

export interface WebEnv {
  HEADER_LOGO?: ThemedUrl;
  HEADER_TEXT_BOLD?: string;
  HEADER_TEXT_FOCUS?: string;
  TAB_TITLE?: string;
  FAVICON?: string;
  DARK_MODE?: boolean;
  PALETTE_OVERRIDE?: Record<string, unknown>;
  PALETTE_OVERRIDE_LIGHT?: Record<string, unknown>;
  PALETTE_OVERRIDE_DARK?: Record<string, unknown>;
  HEADER_LINKS?: WebLink[];
  FOOTER_LINKS?: WebLink[];
  LEFTBAR_LINKS?: WebLink[];
  HOMEPAGE_HERO_TEXT?: LocalizedText;
  HOMEPAGE_BELOW_HERO_TEXT?: LocalizedText;
  HOMEPAGE_CARDS?: WebCard[];
  GLOBAL_ALERT?: WebAlert;
  TERMS_OF_SERVICES?: LocalizedText;
  ENABLED_LANGUAGES?: string[];
  DISABLE_AUTO_LAUNCH?: boolean;
  DISABLE_COMMAND_BAR?: boolean;
  QUOTA_WARNING_THRESHOLD?: number;
  QUOTA_CRITICAL_THRESHOLD?: number;
  RUNNING_TIME_THRESHOLD_HOURS?: number;
}

/** The id of the JSON block index.html carries. */
export const WEB_ENV_ELEMENT_ID = "onyxia-web-env";
