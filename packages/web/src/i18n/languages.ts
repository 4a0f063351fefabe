import { en } from "./en.ts";
import { fr } from "./fr.ts";
import type { Messages } from "./messages.ts";

// Adding a language = one file plus one line here.
export const messagesByLanguage = { en, fr } satisfies Record<string, Messages>;

export type Language = keyof typeof messagesByLanguage;

export const languages = Object.keys(messagesByLanguage) as Language[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as string[]).includes(value);
}

/** Picks the first supported language from the browser's preferences ("fr-CA" counts as "fr"). */
export function pickLanguage(preferred: readonly string[], fallback: Language = "en"): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return fallback;
}
