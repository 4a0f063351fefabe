import { LauncherLinkError } from "./errors.ts";

// Query-key form of a helm values path, compatible with Onyxia: segments joined by `.`, array
// indices as `[n]`, a literal dot as `\.` (sent as `%5C.`). Onyxia has no escape for a literal
// `\` or `[`; we add `\\` and `\[` so any key round-trips, and Onyxia-made keys decode unchanged.

function escapeSegment(segment: string): string {
  return segment.replace(/[\\.[]/g, (char) => `\\${char}`);
}

function percentEncode(text: string, what: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new LauncherLinkError(
      `${what} ${JSON.stringify(text)} is not valid Unicode (lone surrogate)`,
    );
  }
}

/** Encodes a path into a query key, percent-encoded except for the separators. */
export function encodePatchPath(path: readonly (string | number)[]): string {
  const pathText = JSON.stringify(path);
  if (path.length === 0) throw new LauncherLinkError("a helm values patch path cannot be empty");
  let key = "";
  path.forEach((segment, index) => {
    if (typeof segment === "number") {
      if (index === 0) {
        throw new LauncherLinkError(
          `patch path ${pathText} starts with an array index; helm values are an object`,
        );
      }
      if (!Number.isSafeInteger(segment) || segment < 0) {
        throw new LauncherLinkError(`patch path ${pathText} has an invalid array index ${segment}`);
      }
      key += `[${segment}]`;
    } else {
      // `.` survives encodeURIComponent, so the separators and the escaped dots stay readable.
      key += (index === 0 ? "" : ".") + percentEncode(escapeSegment(segment), "patch path segment");
    }
  });
  return key;
}

/** Decodes a query key (raw, still percent-encoded) into a path. */
export function decodePatchPath(rawKey: string): (string | number)[] {
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    throw new LauncherLinkError("malformed percent-encoding in the key", rawKey);
  }
  const path: (string | number)[] = [];
  // `null` right after an index: the next character must start a new segment or index.
  let current: string | null = "";
  let position = 0;
  while (position < key.length) {
    const char = key[position] as string;
    if (current === null && char !== "." && char !== "[") {
      throw new LauncherLinkError(
        `expected "." or "[" after an array index at character ${position}`,
        key,
      );
    }
    if (char === "\\") {
      const escaped = key[position + 1];
      if (escaped === undefined)
        throw new LauncherLinkError("the key ends with a lone backslash", key);
      current += escaped;
      position += 2;
    } else if (char === ".") {
      if (current !== null) path.push(current);
      current = "";
      position += 1;
    } else if (char === "[") {
      const match = /^\[(\d+)\]/.exec(key.slice(position));
      const index = match ? Number(match[1]) : NaN;
      if (!match || !Number.isSafeInteger(index)) {
        throw new LauncherLinkError(
          `bad array index at character ${position}: write [<non-negative integer>], or \\[ for a literal bracket`,
          key,
        );
      }
      if (current !== null) path.push(current);
      path.push(index);
      current = null;
      position += match[0].length;
    } else {
      current += char;
      position += 1;
    }
  }
  if (current !== null) path.push(current);
  return path;
}
