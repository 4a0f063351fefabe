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
  /** A Material icon name (`MenuBook`) or an image URL (SVG). */
  icon?: string;
  startIcon?: string;
  endIcon?: string;
  [key: string]: unknown;
}

/** A self-hosted font: `dirUrl/<file>` per weight (`"400"`, `"700-italic"`…). */
export interface WebFont {
  fontFamily: string;
  dirUrl: string;
  [weight: string]: string;
}

/** A button of the home page (or `false`: none). */
export interface WebButton {
  label: LocalizedText;
  url: LocalizedText;
  startIcon?: string;
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
  HEADER_HIDE_ONYXIA?: boolean;
  SPLASHSCREEN_LOGO?: ThemedUrl;
  SPLASHSCREEN_LOGO_SCALE_FACTOR?: number;
  /** `false`: no background image. */
  BACKGROUND_ASSET?: ThemedUrl | false;
  FONT?: WebFont;
  SOCIAL_MEDIA_TITLE?: string;
  SOCIAL_MEDIA_DESCRIPTION?: string;
  SOCIAL_MEDIA_IMAGE?: string;
  DISABLE_HOMEPAGE?: boolean;
  HOMEPAGE_LOGO?: ThemedUrl;
  HOMEPAGE_MAIN_ASSET?: ThemedUrl | false;
  HOMEPAGE_MAIN_ASSET_X_OFFSET?: string;
  HOMEPAGE_MAIN_ASSET_Y_OFFSET?: string;
  HOMEPAGE_MAIN_ASSET_SCALE_FACTOR?: number;
  HOMEPAGE_HERO_TEXT_AUTHENTICATED?: LocalizedText;
  HOMEPAGE_BELOW_HERO_TEXT_AUTHENTICATED?: LocalizedText;
  HOMEPAGE_CALL_TO_ACTION_BUTTON?: WebButton | false;
  HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED?: WebButton | false;
  /** The URL of a zip of the organisation's files, served under /custom-resources/. */
  CUSTOM_RESOURCES?: string;
  DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP?: boolean;
  AUTHENTICATION_GLOBALLY_REQUIRED?: boolean;
  DISABLE_DISPLAY_ALL_CATALOG?: boolean;
  VAULT_DOCUMENTATION_LINK?: string;
  SAMPLE_DATASET_URL?: string;
  SAMPLE_DATA_COLLECTION_URL?: string;
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
