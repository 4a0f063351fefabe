// Web customization (reference §10): Onyxia's web env var names, read once at server start and
// handed to the browser as data (see http/web-app.ts). A malformed value is warned about and ignored.
import type { WebEnv } from "@onyxia-ts/core";
import { parse as parseYaml } from "yaml";

/** Validated values, keyed by Onyxia's variable names (the type is the API contract's). */
export type { WebEnv };

type Check = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isLocalized = (v: unknown): boolean =>
  typeof v === "string" || (isObject(v) && Object.values(v).every((s) => typeof s === "string"));

const localized: Check = (v) =>
  isLocalized(v) ? undefined : "expected a string or a {lang: text} object";
const themedUrl: Check = (v) =>
  typeof v === "string" ||
  (isObject(v) && typeof v["light"] === "string" && typeof v["dark"] === "string")
    ? undefined
    : "expected a URL or {light, dark} URLs";
const object: Check = (v) => (isObject(v) ? undefined : "expected an object");

function listOf(what: string, item: (v: Record<string, unknown>) => boolean): Check {
  return (v) =>
    Array.isArray(v) && v.every((i) => isObject(i) && item(i))
      ? undefined
      : `expected a list of ${what}`;
}
const optionalText = (v: unknown) => v === undefined || typeof v === "string";
const links = listOf(
  "{label, url, icon?, startIcon?, endIcon?} links (icons: a name or a URL)",
  (l) =>
    isLocalized(l["label"]) &&
    isLocalized(l["url"]) &&
    optionalText(l["icon"]) &&
    optionalText(l["startIcon"]) &&
    optionalText(l["endIcon"]),
);
const FONT_FILE_KEY = /^(100|200|300|400|500|600|700|800|900)(-italic)?$/;
const font: Check = (v) => {
  if (!isObject(v) || typeof v["fontFamily"] !== "string" || typeof v["dirUrl"] !== "string")
    return 'expected {fontFamily, dirUrl, "400": file, "500"?: file, …}';
  const bad = Object.entries(v).filter(
    ([key, value]) =>
      key !== "fontFamily" &&
      key !== "dirUrl" &&
      (!FONT_FILE_KEY.test(key) || typeof value !== "string"),
  );
  if (bad.length > 0)
    return `unexpected ${bad.map(([k]) => JSON.stringify(k)).join(", ")} (weights are "400", "700-italic"…, each a file name)`;
  return typeof v["400"] === "string" ? undefined : 'the "400" (regular) file is required';
};
const button: Check = (v) =>
  isObject(v) && isLocalized(v["label"]) && isLocalized(v["url"]) && optionalText(v["startIcon"])
    ? undefined
    : "expected {label, url, startIcon?} or false";
const httpUrl: Check = (v) => {
  if (typeof v !== "string") return "expected an http(s) URL";
  try {
    const url = new URL(v);
    return url.protocol === "https:" || url.protocol === "http:"
      ? undefined
      : `expected an http(s) URL, got ${url.protocol}`;
  } catch {
    return `expected an http(s) URL, got ${JSON.stringify(v)}`;
  }
};
const offset: Check = (v) =>
  typeof v === "string" && /^-?\d+(\.\d+)?(%|px|rem|em)?$/.test(v)
    ? undefined
    : 'expected a CSS offset like "-10%" or "20px"';
const cards = listOf(
  "{title, description, pictogram?, button?} cards",
  (c) => isLocalized(c["title"]) && isLocalized(c["description"]),
);
// A {severity, message} object is also a valid {lang: text} map: the severity key decides which it is.
const alert: Check = (v) =>
  (
    isObject(v) && "severity" in v
      ? ["info", "success", "warning", "error"].includes(String(v["severity"])) &&
        isLocalized(v["message"])
      : isLocalized(v)
  )
    ? undefined
    : "expected a message, or {severity: info|success|warning|error, message}";

type Kind = "text" | "boolean" | "number" | "languages" | Check;

/** `false`/`"false"` (as Onyxia writes "none") stays the boolean false. */
const falseOr =
  (check: Check): Check =>
  (v) =>
    v === false || v === "false" ? undefined : check(v);

/** Every variable the server reads, and what it must look like. */
export const webEnvVariables: Record<keyof WebEnv, Kind> = {
  HEADER_LOGO: themedUrl,
  HEADER_HIDE_ONYXIA: "boolean",
  SPLASHSCREEN_LOGO: themedUrl,
  SPLASHSCREEN_LOGO_SCALE_FACTOR: "number",
  BACKGROUND_ASSET: falseOr(themedUrl),
  FONT: font,
  SOCIAL_MEDIA_TITLE: "text",
  SOCIAL_MEDIA_DESCRIPTION: "text",
  SOCIAL_MEDIA_IMAGE: "text",
  DISABLE_HOMEPAGE: "boolean",
  HOMEPAGE_LOGO: themedUrl,
  HOMEPAGE_MAIN_ASSET: falseOr(themedUrl),
  HOMEPAGE_MAIN_ASSET_X_OFFSET: offset,
  HOMEPAGE_MAIN_ASSET_Y_OFFSET: offset,
  HOMEPAGE_MAIN_ASSET_SCALE_FACTOR: "number",
  HOMEPAGE_HERO_TEXT_AUTHENTICATED: localized,
  HOMEPAGE_BELOW_HERO_TEXT_AUTHENTICATED: localized,
  HOMEPAGE_CALL_TO_ACTION_BUTTON: falseOr(button),
  HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED: falseOr(button),
  CUSTOM_RESOURCES: httpUrl,
  DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: "boolean",
  AUTHENTICATION_GLOBALLY_REQUIRED: "boolean",
  DISABLE_DISPLAY_ALL_CATALOG: "boolean",
  VAULT_DOCUMENTATION_LINK: httpUrl,
  SAMPLE_DATASET_URL: httpUrl,
  SAMPLE_DATA_COLLECTION_URL: httpUrl,
  HEADER_TEXT_BOLD: "text",
  HEADER_TEXT_FOCUS: "text",
  TAB_TITLE: "text",
  FAVICON: "text",
  DARK_MODE: "boolean",
  PALETTE_OVERRIDE: object,
  PALETTE_OVERRIDE_LIGHT: object,
  PALETTE_OVERRIDE_DARK: object,
  HEADER_LINKS: links,
  FOOTER_LINKS: links,
  LEFTBAR_LINKS: links,
  HOMEPAGE_HERO_TEXT: localized,
  HOMEPAGE_BELOW_HERO_TEXT: localized,
  HOMEPAGE_CARDS: cards,
  GLOBAL_ALERT: alert,
  TERMS_OF_SERVICES: localized,
  ENABLED_LANGUAGES: "languages",
  DISABLE_AUTO_LAUNCH: "boolean",
  DISABLE_COMMAND_BAR: "boolean",
  QUOTA_WARNING_THRESHOLD: "number",
  QUOTA_CRITICAL_THRESHOLD: "number",
  RUNNING_TIME_THRESHOLD_HOURS: "number",
};

/** JSON first; then YAML flow syntax, which reads JSON5-style unquoted keys, single quotes and trailing commas. */
export function parseJsonish(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return parseYaml(raw);
  }
}

// Onyxia's variables are strings where a structure is expected; a plain text is a valid LocalizedString.
function parseStructured(raw: string): unknown {
  const trimmed = raw.trim();
  return trimmed.startsWith("{") || trimmed.startsWith("[") ? parseJsonish(trimmed) : trimmed;
}

function read(kind: Kind, raw: string): { value: unknown } | { error: string } {
  if (kind === "text") return { value: raw.trim() };
  if (kind === "boolean") {
    if (raw === "true" || raw === "false") return { value: raw === "true" };
    return { error: `expected true or false, got ${JSON.stringify(raw)}` };
  }
  if (kind === "number") {
    const n = Number(raw);
    return Number.isFinite(n) && raw.trim() !== ""
      ? { value: n }
      : { error: `expected a number, got ${JSON.stringify(raw)}` };
  }
  if (kind === "languages") {
    const langs = raw
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean);
    return langs.every((l) => /^[a-z]{2}(-[A-Za-z]{2,4})?$/.test(l))
      ? { value: langs }
      : { error: `expected language codes like "fr,en"` };
  }
  let value: unknown;
  try {
    value = parseStructured(raw);
  } catch (error) {
    return {
      error: `not JSON/JSON5: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    };
  }
  const problem = kind(value);
  if (problem !== undefined) return { error: problem };
  return { value: value === "false" ? false : value };
}

/** Reads the web customization variables; each unusable one produces one warning naming it. */
export function readWebEnv(
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): WebEnv {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(webEnvVariables)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const result = read(kind, raw);
    if ("value" in result) out[name] = result.value;
    else warn(`Web customization: ${name} is ignored (${result.error})`);
  }
  // Each value passed its variable's check above, which matches its type in WebEnv.
  return out as WebEnv;
}

/** The block index.html carries: JSON data (the CSP allows no inline script), with `<` escaped. */
export function webEnvScriptTag(webEnv: WebEnv): string {
  const json = JSON.stringify(webEnv).replaceAll("<", "\\u003c");
  return `<script type="application/json" id="onyxia-web-env">${json}</script>`;
}

/** Puts the web env block, then the admin's CUSTOM_HTML_HEAD (trusted, as-is), before `</head>`. */
export function injectIntoIndexHtml(
  html: string,
  webEnv: WebEnv,
  customHtmlHead: string | undefined,
): string {
  const addition = webEnvScriptTag(webEnv) + (customHtmlHead ?? "");
  const at = html.indexOf("</head>");
  return at === -1 ? addition + html : html.slice(0, at) + addition + html.slice(at);
}
