// Reads the web customization the server injected into index.html (reference §10), with the
// Vite build-time values as fallback (dev server, or a dist served by something else). React-free.
import { resolveEnabledLanguages, type Language } from "../i18n/languages.ts";
import type { LocalizedString } from "../i18n/localizedString.ts";

export interface WebLink {
  label: LocalizedString;
  url: LocalizedString;
  /** A Material icon name or an image URL; only URLs are drawn (no icon font is bundled). */
  icon?: string;
  startIcon?: string;
  endIcon?: string;
}

/** FONT, resolved: one @font-face per weight/style file. */
export interface FontFace {
  fontFamily: string;
  files: { weight: number; style: "normal" | "italic"; url: string }[];
}

export interface HomeCard {
  title: LocalizedString;
  description: LocalizedString;
  pictogram?: string;
  button?: { label: LocalizedString; url: LocalizedString };
}

/** A home page button (HOMEPAGE_CALL_TO_ACTION_BUTTON…): `false` hides it. */
export interface HomeButton {
  label: LocalizedString;
  url: LocalizedString;
  startIcon?: string;
}

/** HOMEPAGE_MAIN_ASSET and how it is placed. */
export interface HomeAsset {
  url: { light: string; dark: string };
  /** CSS lengths ("-10%", "3rem"), moving the image from its place. */
  xOffset: string | undefined;
  yOffset: string | undefined;
  scale: number;
}

export type AlertSeverity = "info" | "success" | "warning" | "error";

export interface WebCustomization {
  headerLogo?: { light: string; dark: string };
  headerTextBold: string;
  headerTextFocus: string;
  tabTitle: string;
  favicon?: string;
  /** true/false forces the theme; undefined lets the user choose. */
  forcedDarkMode?: boolean;
  palette: { both?: object; light?: object; dark?: object };
  headerLinks: WebLink[];
  footerLinks: WebLink[];
  leftbarLinks: WebLink[];
  homepageHeroText?: LocalizedString;
  homepageBelowHeroText?: LocalizedString;
  /** The texts for a signed-in user (`%USER_FIRSTNAME%` is replaced). */
  homepageHeroTextAuthenticated?: LocalizedString;
  homepageBelowHeroTextAuthenticated?: LocalizedString;
  /** HOMEPAGE_LOGO: shown above the hero text. */
  homepageLogo?: { light: string; dark: string };
  homepageMainAsset?: HomeAsset;
  /** undefined: the built-in "browse the catalog" button; false: none. */
  homepageCallToAction?: HomeButton | false;
  homepageCallToActionAuthenticated?: HomeButton | false;
  /** HEADER_HIDE_ONYXIA: the header does not say "Onyxia" before the brand. */
  headerHideOnyxia: boolean;
  homepageCards: HomeCard[];
  globalAlert?: { severity: AlertSeverity; message: LocalizedString };
  termsOfServices?: LocalizedString;
  /** ENABLED_LANGUAGES, unknown codes dropped (with a warning); every language when none is left. */
  enabledLanguages: Language[];
  disableAutoLaunch: boolean;
  /** Group projects get no personal infos (region S3 profiles, git, Vault token, IP; reference §4.3). */
  disablePersonalInfosInjectionInGroup: boolean;
  disableCommandBar: boolean;
  quotaWarningThreshold: number;
  quotaCriticalThreshold: number;
  runningTimeThresholdHours: number;
  font?: FontFace;
  /** SOCIAL_MEDIA_*: the link preview (Open Graph / Twitter card) of the app. */
  socialCard: { title?: string; description?: string; image?: string };
  /** DISABLE_HOMEPAGE: `/` is the catalog. */
  disableHomepage: boolean;
  splashscreenLogo?: { light: string; dark: string };
  splashscreenLogoScaleFactor: number;
  /** CUSTOM_RESOURCES: where the organisation's files are (`%PUBLIC_URL%/custom-resources/…`). */
  customResources?: string;
  /** BACKGROUND_ASSET: an image behind the pages (`false` or unset: none). */
  backgroundAsset?: { light: string; dark: string };
  /** AUTHENTICATION_GLOBALLY_REQUIRED: an anonymous visitor is sent to the login before any page. */
  authenticationGloballyRequired: boolean;
  /** DISABLE_DISPLAY_ALL_CATALOG: no synthetic "All" catalog tab. */
  disableDisplayAllCatalog: boolean;
  /** VAULT_DOCUMENTATION_LINK: shown on the secrets page. */
  vaultDocumentationLink?: string;
  /** SAMPLE_DATASET_URL: the data explorer's example file. */
  sampleDatasetUrl?: string;
  /** SAMPLE_DATA_COLLECTION_URL: a "more datasets" link on the data explorer. */
  sampleDataCollectionUrl?: string;
}

const FONT_KEY = /^(\d00)(-italic)?$/;

/** `%PUBLIC_URL%` is the app's root, as in Onyxia's web. */
export function publicUrl(value: string): string {
  return value.replaceAll("%PUBLIC_URL%", "");
}

function fontFace(v: unknown): FontFace | undefined {
  if (!isObject(v) || typeof v["fontFamily"] !== "string" || typeof v["dirUrl"] !== "string")
    return undefined;
  const dir = publicUrl(v["dirUrl"]).replace(/\/+$/, "");
  const files: FontFace["files"] = [];
  for (const [key, file] of Object.entries(v)) {
    const match = FONT_KEY.exec(key);
    if (!match || typeof file !== "string" || file.includes("/") || file.includes("..")) continue;
    files.push({
      weight: Number(match[1]),
      style: match[2] ? "italic" : "normal",
      url: `${dir}/${encodeURIComponent(file)}`,
    });
  }
  return files.length > 0 ? { fontFamily: v["fontFamily"], files } : undefined;
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const isLocalized = (v: unknown): v is LocalizedString =>
  typeof v === "string" || (isObject(v) && Object.values(v).every((s) => typeof s === "string"));

/** The `<script type="application/json" id="onyxia-web-env">` text; anything unreadable counts as empty. */
export function parseInjected(text: string | null | undefined): Raw {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}
function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  return v === "true" ? true : v === "false" ? false : undefined;
}
function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
function links(v: unknown): WebLink[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((l): l is Raw => isObject(l) && isLocalized(l["label"]) && isLocalized(l["url"]))
    .map((l) => {
      const link: WebLink = {
        label: l["label"] as LocalizedString,
        url: l["url"] as LocalizedString,
      };
      for (const key of ["icon", "startIcon", "endIcon"] as const) {
        const icon = text(l[key]);
        if (icon !== undefined) link[key] = publicUrl(icon);
      }
      return link;
    });
}
function cards(v: unknown): HomeCard[] {
  return Array.isArray(v)
    ? v.filter(
        (c): c is HomeCard =>
          isObject(c) && isLocalized(c["title"]) && isLocalized(c["description"]),
      )
    : [];
}
function languages(v: unknown): string[] | undefined {
  const list = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v : undefined;
  const out = list
    ?.filter((l): l is string => typeof l === "string")
    .map((l) => l.trim())
    .filter(Boolean);
  return out && out.length > 0 ? out : undefined;
}
function logo(v: unknown): WebCustomization["headerLogo"] {
  if (typeof v === "string" && v !== "") return { light: v, dark: v };
  if (isObject(v) && typeof v["light"] === "string" && typeof v["dark"] === "string")
    return { light: v["light"], dark: v["dark"] };
  return undefined;
}
function button(v: unknown): HomeButton | false | undefined {
  if (v === false || v === "false") return false;
  if (!isObject(v) || !isLocalized(v["label"]) || !isLocalized(v["url"])) return undefined;
  const icon = text(v["startIcon"]);
  return {
    label: v["label"] as LocalizedString,
    url: v["url"] as LocalizedString,
    ...(icon ? { startIcon: publicUrl(icon) } : {}),
  };
}
const CSS_OFFSET = /^-?\d+(\.\d+)?(%|px|rem|em)?$/;
function cssOffset(v: unknown): string | undefined {
  const value = text(v);
  return value !== undefined && CSS_OFFSET.test(value) ? value : undefined;
}
function themedUrl(v: unknown): { light: string; dark: string } | undefined {
  const url = logo(v);
  return url && { light: publicUrl(url.light), dark: publicUrl(url.dark) };
}
/** A themed image URL made of in-app paths or http(s) URLs only; `false` is none. */
function backgroundAsset(v: unknown): { light: string; dark: string } | undefined {
  if (v === false || v === "false") return undefined;
  const url = themedUrl(v);
  const light = iconImageUrl(url?.light);
  const dark = iconImageUrl(url?.dark);
  return light !== undefined && dark !== undefined ? { light, dark } : undefined;
}

/** An absolute http(s) URL, else nothing (these become links and fetches). */
function httpUrl(v: unknown): string | undefined {
  const value = text(v);
  const target = value === undefined ? undefined : linkTarget(value);
  return target && "external" in target ? target.external : undefined;
}
function localized(v: unknown): LocalizedString | undefined {
  return isLocalized(v) ? v : undefined;
}

function globalAlert(v: unknown): WebCustomization["globalAlert"] {
  if (isObject(v) && "severity" in v) {
    const severity = v["severity"];
    const known =
      severity === "info" ||
      severity === "success" ||
      severity === "warning" ||
      severity === "error";
    return known && isLocalized(v["message"]) ? { severity, message: v["message"] } : undefined;
  }
  return isLocalized(v) ? { severity: "info", message: v } : undefined;
}

function homeAsset(get: (name: string) => unknown): HomeAsset | undefined {
  const url = themedUrl(get("HOMEPAGE_MAIN_ASSET"));
  if (url === undefined) return undefined;
  const scale = num(get("HOMEPAGE_MAIN_ASSET_SCALE_FACTOR"));
  return {
    url,
    xOffset: cssOffset(get("HOMEPAGE_MAIN_ASSET_X_OFFSET")),
    yOffset: cssOffset(get("HOMEPAGE_MAIN_ASSET_Y_OFFSET")),
    scale: scale !== undefined && scale > 0 ? scale : 1,
  };
}

/** `%USER_FIRSTNAME%` in the authenticated home texts. */
export function withFirstName(text: string, firstName: string): string {
  return text.replaceAll("%USER_FIRSTNAME%", firstName);
}

/** Injected values win over build-time ones, variable by variable. */
export function resolveWebCustomization(injected: Raw, buildTime: Raw): WebCustomization {
  const get = (name: string): unknown => injected[name] ?? buildTime[name];
  const optional = <K extends string, T>(key: K, value: T | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, T>>;
  const palette = {
    ...optional(
      "both",
      isObject(get("PALETTE_OVERRIDE")) ? (get("PALETTE_OVERRIDE") as object) : undefined,
    ),
    ...optional(
      "light",
      isObject(get("PALETTE_OVERRIDE_LIGHT"))
        ? (get("PALETTE_OVERRIDE_LIGHT") as object)
        : undefined,
    ),
    ...optional(
      "dark",
      isObject(get("PALETTE_OVERRIDE_DARK")) ? (get("PALETTE_OVERRIDE_DARK") as object) : undefined,
    ),
  };
  return {
    ...optional("headerLogo", themedUrl(get("HEADER_LOGO"))),
    headerTextBold: text(get("HEADER_TEXT_BOLD")) ?? "",
    headerTextFocus: text(get("HEADER_TEXT_FOCUS")) ?? "Datalab",
    tabTitle: text(get("TAB_TITLE")) ?? "Datalab",
    ...optional("favicon", text(get("FAVICON"))),
    ...optional("forcedDarkMode", bool(get("DARK_MODE"))),
    palette,
    headerLinks: links(get("HEADER_LINKS")),
    footerLinks: links(get("FOOTER_LINKS")),
    leftbarLinks: links(get("LEFTBAR_LINKS")),
    ...optional(
      "homepageHeroText",
      isLocalized(get("HOMEPAGE_HERO_TEXT"))
        ? (get("HOMEPAGE_HERO_TEXT") as LocalizedString)
        : undefined,
    ),
    ...optional(
      "homepageBelowHeroText",
      isLocalized(get("HOMEPAGE_BELOW_HERO_TEXT"))
        ? (get("HOMEPAGE_BELOW_HERO_TEXT") as LocalizedString)
        : undefined,
    ),
    ...optional(
      "homepageHeroTextAuthenticated",
      localized(get("HOMEPAGE_HERO_TEXT_AUTHENTICATED")),
    ),
    ...optional(
      "homepageBelowHeroTextAuthenticated",
      localized(get("HOMEPAGE_BELOW_HERO_TEXT_AUTHENTICATED")),
    ),
    ...optional("homepageLogo", themedUrl(get("HOMEPAGE_LOGO"))),
    ...optional("homepageMainAsset", homeAsset(get)),
    ...optional("homepageCallToAction", button(get("HOMEPAGE_CALL_TO_ACTION_BUTTON"))),
    ...optional(
      "homepageCallToActionAuthenticated",
      button(get("HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED")),
    ),
    headerHideOnyxia: bool(get("HEADER_HIDE_ONYXIA")) ?? false,
    homepageCards: cards(get("HOMEPAGE_CARDS")),
    ...optional("globalAlert", globalAlert(get("GLOBAL_ALERT"))),
    ...optional(
      "termsOfServices",
      isLocalized(get("TERMS_OF_SERVICES"))
        ? (get("TERMS_OF_SERVICES") as LocalizedString)
        : undefined,
    ),
    enabledLanguages: resolveEnabledLanguages(languages(get("ENABLED_LANGUAGES"))),
    disableAutoLaunch: bool(get("DISABLE_AUTO_LAUNCH")) ?? false,
    disablePersonalInfosInjectionInGroup:
      bool(get("DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP")) ?? false,
    disableCommandBar: bool(get("DISABLE_COMMAND_BAR")) ?? false,
    quotaWarningThreshold: num(get("QUOTA_WARNING_THRESHOLD")) ?? 0.75,
    quotaCriticalThreshold: num(get("QUOTA_CRITICAL_THRESHOLD")) ?? 0.95,
    runningTimeThresholdHours: num(get("RUNNING_TIME_THRESHOLD_HOURS")) ?? 168,
    ...optional("font", fontFace(get("FONT"))),
    socialCard: {
      ...optional("title", text(get("SOCIAL_MEDIA_TITLE"))),
      ...optional("description", text(get("SOCIAL_MEDIA_DESCRIPTION"))),
      ...optional("image", text(get("SOCIAL_MEDIA_IMAGE"))),
    },
    disableHomepage: bool(get("DISABLE_HOMEPAGE")) ?? false,
    ...optional("splashscreenLogo", themedUrl(get("SPLASHSCREEN_LOGO"))),
    splashscreenLogoScaleFactor: num(get("SPLASHSCREEN_LOGO_SCALE_FACTOR")) ?? 1,
    ...optional("customResources", text(get("CUSTOM_RESOURCES"))),
    ...optional("backgroundAsset", backgroundAsset(get("BACKGROUND_ASSET"))),
    authenticationGloballyRequired: bool(get("AUTHENTICATION_GLOBALLY_REQUIRED")) ?? false,
    disableDisplayAllCatalog: bool(get("DISABLE_DISPLAY_ALL_CATALOG")) ?? false,
    ...optional("vaultDocumentationLink", httpUrl(get("VAULT_DOCUMENTATION_LINK"))),
    ...optional("sampleDatasetUrl", httpUrl(get("SAMPLE_DATASET_URL"))),
    ...optional("sampleDataCollectionUrl", httpUrl(get("SAMPLE_DATA_COLLECTION_URL"))),
  };
}

/** Only http(s) and in-app paths become links (labels and URLs are admin data, but keep them inert). */
export function linkTarget(url: string): { internal: string } | { external: string } | undefined {
  if (url.startsWith("/") && !url.startsWith("//")) return { internal: url };
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:"
      ? { external: parsed.href }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link icon that can be drawn: an image URL (in-app path or http(s)). Material icon names are
 * not drawn (that would bundle every icon); the default icon stays.
 */
export function iconImageUrl(icon: string | undefined): string | undefined {
  if (icon === undefined) return undefined;
  const target = linkTarget(icon);
  if (!target) return undefined;
  return "internal" in target ? target.internal : target.external;
}
