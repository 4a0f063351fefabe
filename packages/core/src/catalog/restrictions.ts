import type { CatalogRestriction } from "./config-types.ts";

/** User attributes (the token's claims); null for an anonymous caller. */
export type UserAttributes = Readonly<Record<string, unknown>> | null;

/**
 * Whether a user may see a catalog. All restrictions must match. A claim matches when it is a
 * string fully matching the regex, a list with any string element fully matching it, or a
 * boolean whose text equals the pattern. An anonymous user never passes a restriction.
 */
export function passesRestrictions(
  restrictions: readonly CatalogRestriction[],
  user: UserAttributes,
): boolean {
  if (restrictions.length === 0) return true;
  if (user === null) return false;
  return restrictions.every(({ userAttribute }) =>
    claimMatches(user[userAttribute.key], userAttribute.matches),
  );
}

function claimMatches(claim: unknown, pattern: string): boolean {
  if (typeof claim === "boolean") return String(claim) === pattern;
  const regex = fullMatchRegex(pattern);
  if (regex === null) return false;
  if (typeof claim === "string") return regex.test(claim);
  if (Array.isArray(claim)) return claim.some((c) => typeof c === "string" && regex.test(c));
  return false;
}

const compiled = new Map<string, RegExp | null>();

function fullMatchRegex(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compileRestrictionPattern(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** The full-match regex of a restriction, or null if the pattern is not a valid regex. */
export function compileRestrictionPattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}
