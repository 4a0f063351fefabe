import { LauncherLinkError } from "./errors.ts";
import type { HelmValuesPatchValue } from "./types.ts";

// Onyxia's value encoding: true/false, null, `-` (remove), a bare number, or a string as
// «encodeURIComponent(str)». Browsers then percent-encode the guillemets, so a string arrives as
// %C2%AB…%C2%BB and a single decodeURIComponent of the value yields «str».

const OPEN = "«";
const CLOSE = "»";
// A complete JS number literal: Onyxia's parseFloat would also read "5g" as 5; we refuse that.
const NUMBER_LITERAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function encodePatchValue(value: HelmValuesPatchValue, key: string): string {
  if (value === undefined) return "-";
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new LauncherLinkError(`the number ${value} cannot be written in a link`, key);
    // Kept raw like Onyxia (1e+21 included): its parser reads numbers without percent-decoding.
    return String(value);
  }
  try {
    // The string is percent-encoded once; only the guillemets need encoding for the URL.
    return encodeURIComponent(OPEN) + encodeURIComponent(value) + encodeURIComponent(CLOSE);
  } catch {
    throw new LauncherLinkError(
      `the string ${JSON.stringify(value)} is not valid Unicode (lone surrogate)`,
      key,
    );
  }
}

export function decodePatchValue(rawValue: string | undefined, key: string): HelmValuesPatchValue {
  if (rawValue === undefined)
    throw new LauncherLinkError('has no value (expected "key=value")', key);
  let value: string;
  try {
    value = decodeURIComponent(rawValue);
  } catch {
    throw new LauncherLinkError(
      `malformed percent-encoding in the value ${JSON.stringify(rawValue)}`,
      key,
    );
  }
  if (value === "true") return true;
  if (value === "false") return false;
  if (value === "null") return null;
  if (value === "-") return undefined;
  if (NUMBER_LITERAL.test(value)) return Number(value);
  if (value.startsWith(OPEN)) {
    if (value.length < 2 || !value.endsWith(CLOSE)) {
      throw new LauncherLinkError(
        `the string value starts with « but is not terminated by »: ${JSON.stringify(value)}`,
        key,
      );
    }
    return value.slice(OPEN.length, -CLOSE.length);
  }
  throw new LauncherLinkError(
    `the value ${JSON.stringify(value)} is not true, false, null, -, a number or a «string»`,
    key,
  );
}
