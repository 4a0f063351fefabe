// Region profiles (one per claim-templated STS role) and bookmarks, resolved for one user.
import type {
  ClaimTemplate,
  S3Bookmark,
  S3LocalizedString,
  S3RegionModel,
  S3StsRole,
} from "./region-config.ts";

type Claims = Record<string, unknown>;

/** Reads a claim by name, or by dotted path (`realm_access.roles`), as a list of strings. */
export function readClaimValues(claims: Claims, claimName: string): string[] {
  let value: unknown = claimName in claims ? claims[claimName] : undefined;
  if (value === undefined) {
    value = claimName.split(".").reduce<unknown>((current, part) => {
      if (typeof current !== "object" || current === null || Array.isArray(current))
        return undefined;
      return (current as Claims)[part];
    }, claims);
  }
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value))
    return value
      .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
      .map(String);
  return [];
}

/** `$1`, `$2`… replaced by the match's groups (`$0`: the whole match). */
export function substituteGroups(text: string, groups: readonly (string | undefined)[]): string {
  return text.replace(/\$(\d)/g, (whole, digit: string) => groups[Number(digit)] ?? whole);
}

/** The match groups of every claim value selected by the template (in claim order, no dupes). */
export function resolveClaimTemplate(claims: Claims, template: ClaimTemplate): string[][] {
  const included = new RegExp(template.includedClaimPattern ?? "^(.+)$");
  const excluded =
    template.excludedClaimPattern !== undefined
      ? new RegExp(template.excludedClaimPattern)
      : undefined;
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const value of readClaimValues(claims, template.claimName)) {
    if (excluded?.test(value)) continue;
    const match = included.exec(value);
    if (match === null) continue;
    const groups = [...match].map((g) => g ?? "");
    const key = groups.join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(groups);
  }
  return out;
}

function localize(text: S3LocalizedString, groups: string[]): S3LocalizedString {
  if (typeof text === "string") return substituteGroups(text, groups);
  return Object.fromEntries(Object.entries(text).map(([k, v]) => [k, substituteGroups(v, groups)]));
}

export interface S3RegionProfile {
  profileName: string;
  origin: "region";
  url: string;
  region: string;
  pathStyleAccess: boolean;
  sts: {
    url: string;
    durationSeconds: number;
    /** Undefined when the role ARN is empty: MinIO maps policies from the token's claim. */
    roleARN?: string;
    roleSessionName: string;
    oidcConfiguration?: Record<string, unknown>;
  };
  bookmarks: ResolvedBookmark[];
}

export interface ResolvedBookmark {
  /** `bucket/prefix` without the scheme. */
  s3UriWithoutScheme: string;
  title: S3LocalizedString;
  description?: S3LocalizedString;
  origin: "region" | "user";
}

function resolveRoles(role: S3StsRole, claims: Claims): S3StsRole[] {
  if (role.claim === undefined) return [role];
  return resolveClaimTemplate(claims, role.claim).map((groups) => ({
    profileName: substituteGroups(role.profileName, groups),
    roleARN: substituteGroups(role.roleARN, groups),
    roleSessionName: substituteGroups(role.roleSessionName, groups),
  }));
}

function wildcardMatches(pattern: string, name: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`).test(name);
}

export function resolveBookmarks(
  bookmarks: readonly S3Bookmark[],
  claims: Claims,
  profileName: string,
): ResolvedBookmark[] {
  const out: ResolvedBookmark[] = [];
  for (const b of bookmarks) {
    if (b.forProfileName && !b.forProfileName.some((p) => wildcardMatches(p, profileName)))
      continue;
    const groupsList = b.claim === undefined ? [[]] : resolveClaimTemplate(claims, b.claim);
    for (const groups of groupsList) {
      out.push({
        s3UriWithoutScheme: substituteGroups(b.s3Uri, groups).replace(/^s3:\/\//, ""),
        title: localize(b.title, groups),
        ...(b.description !== undefined ? { description: localize(b.description, groups) } : {}),
        origin: "region",
      });
    }
  }
  return out;
}

/**
 * One profile per (templated) STS role of every entry with STS; entries without STS give none.
 * A duplicated profile name keeps the first one (and is reported in `duplicates`).
 */
export function deriveRegionProfiles(
  model: S3RegionModel,
  claims: Claims,
): { profiles: S3RegionProfile[]; duplicates: string[] } {
  const profiles: S3RegionProfile[] = [];
  const duplicates: string[] = [];
  for (const entry of model.entries) {
    if (entry.sts === undefined) continue;
    for (const template of entry.sts.roles) {
      for (const role of resolveRoles(template, claims)) {
        if (profiles.some((p) => p.profileName === role.profileName)) {
          duplicates.push(role.profileName);
          continue;
        }
        profiles.push({
          profileName: role.profileName,
          origin: "region",
          url: entry.url,
          region: entry.region,
          pathStyleAccess: entry.pathStyleAccess,
          sts: {
            url: entry.sts.url,
            durationSeconds: entry.sts.durationSeconds,
            ...(role.roleARN !== "" ? { roleARN: role.roleARN } : {}),
            roleSessionName: role.roleSessionName,
            ...(entry.sts.oidcConfiguration
              ? { oidcConfiguration: entry.sts.oidcConfiguration }
              : {}),
          },
          bookmarks: resolveBookmarks(entry.bookmarks, claims, role.profileName),
        });
      }
    }
  }
  return { profiles, duplicates };
}

/** Services get "default" first, else the first region profile, else the first profile. */
export function pickDefaultProfileName(
  profiles: readonly { profileName: string; origin: "region" | "user" }[],
): string | undefined {
  return (
    profiles.find((p) => p.profileName === "default")?.profileName ??
    profiles.find((p) => p.origin === "region")?.profileName ??
    profiles[0]?.profileName
  );
}
