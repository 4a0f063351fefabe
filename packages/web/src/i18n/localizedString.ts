// Onyxia's LocalizedString: a plain string, or a {lang: text} map (catalog names and descriptions,
// links, home cards…), keyed by Onyxia's language codes.
import { languageOfTag } from "./languages.ts";

export type LocalizedString = string | Record<string, string>;

/**
 * Resolves a LocalizedString: the asked language (its exact key, else a key naming the same
 * language such as "de-AT", "nb" or "zh"), then English, then the first non-empty entry.
 * Empty texts count as missing.
 */
export function localize(value: LocalizedString | undefined, lang: string): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "",
  );
  const exact = entries.find(([key]) => key === lang);
  if (exact) return exact[1];
  const wanted = languageOfTag(lang);
  const same = wanted && entries.find(([key]) => languageOfTag(key) === wanted);
  if (same) return same[1];
  const english = entries.find(([key]) => languageOfTag(key) === "en");
  return (english ?? entries[0])?.[1] ?? "";
}
