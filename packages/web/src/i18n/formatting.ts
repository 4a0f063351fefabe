// Dates, durations and quantities in the user's language (Intl), React-free so it is unit-tested.
import { tryParseQuantity } from "@onyxia-ts/core";
import type { Language } from "./languages.ts";

/** Epoch ms from a Date, ms, ISO text or Helm's "2024-05-01 10:00:00.123456 +0000 UTC". */
export function toEpochMs(value: string | number | Date): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const helm = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/.exec(value);
  // Helm's Go layout: ISO parsers reject it, and its nanoseconds exceed what Date keeps.
  const text = helm
    ? `${helm[1]}T${helm[2]}${(helm[3] ?? "").slice(0, 4)}${helm[4]}:${helm[5]}`
    : value;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

// Building an Intl formatter costs far more than formatting with it (long lists format a value per
// row): one per language and options, kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (formatter === undefined) formatters.set(key, (formatter = make()));
  return formatter;
}

/** "May 1, 2024, 10:00 AM" / "1 mai 2024, 10:00"; an unreadable value is shown as it came. */
export function formatDateTime(
  value: string | number | Date,
  lang: Language,
  timeZone?: string,
): string {
  const ms = toEpochMs(value);
  if (ms === undefined) return String(value);
  return cached(
    `dateTime ${lang} ${timeZone}`,
    () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }),
  ).format(ms);
}

/** "10:00:05 AM" / "10:00:05": event times within a page that shows today's events. */
export function formatTime(
  value: string | number | Date,
  lang: Language,
  timeZone?: string,
): string {
  const ms = toEpochMs(value);
  if (ms === undefined) return String(value);
  return new Intl.DateTimeFormat(lang, { timeStyle: "medium", timeZone }).format(ms);
}

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 hours ago" / "il y a 3 heures", in the largest whole unit; "now" under a minute. */
export function formatRelative(ms: number, now: number, lang: Language): string {
  const diff = ms - now;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(diff) >= size) return format.format(Math.trunc(diff / size), unit);
  }
  return format.format(0, "second");
}

/** How long a service has been up, two units at most: "3 days 4 hr" / "3 j 4 h", "5 min". */
export function formatDuration(ms: number, lang: Language): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const unit = (value: number, u: string) =>
    new Intl.NumberFormat(lang, { style: "unit", unit: u, unitDisplay: "short" }).format(value);
  if (days > 0) return `${unit(days, "day")} ${unit(hours, "hour")}`;
  if (hours > 0) return `${unit(hours, "hour")} ${unit(minutes % 60, "minute")}`;
  return unit(minutes, "minute");
}

// French writes bytes as octets (Kio, Mo…); the other languages as B (KiB, MB…).
const byteLetter = (lang: Language): string => (lang === "fr" ? "o" : "B");
const binaryPrefixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const decimalPrefixes = ["", "k", "M", "G", "T", "P", "E"];

function number(value: number, lang: Language): string {
  return cached(
    `number ${lang}`,
    () => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }),
  ).format(value);
}

/** Bytes in the largest unit of the quantity's own system (binary unless written "1G"). */
function formatBytes(bytes: number, decimal: boolean, lang: Language): string {
  const base = decimal ? 1000 : 1024;
  const prefixes = decimal ? decimalPrefixes : binaryPrefixes;
  let index = 0;
  while (index < prefixes.length - 1 && Math.abs(bytes) >= base ** (index + 1)) index++;
  return `${number(bytes / base ** index, lang)}\u00a0${prefixes[index]}${byteLetter(lang)}`;
}

/**
 * A Kubernetes quantity of a quota key for people: memory and storage in bytes units
 * ("2Gi" → "2 GiB" / "2 Gio"), CPU in cores ("500m" → "0.5" / "0,5"), counts as numbers.
 * An unparseable quantity is shown as it came.
 */
export function formatQuantity(key: string, raw: string | number, lang: Language): string {
  const value = tryParseQuantity(raw);
  if (value === undefined) return String(raw);
  if (/memory|storage/i.test(key)) {
    return formatBytes(value, /\d(k|M|G|T|P|E)$/.test(String(raw)), lang);
  }
  return number(value, lang);
}

/** A file size for people, in binary units ("1.5 MiB", "1,5 Mio"). */
export function formatSize(bytes: number, lang: Language): string {
  return formatBytes(bytes, false, lang);
}
