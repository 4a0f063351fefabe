// The region's `data.S3` (reference §7.1 v11, §7.2 v10) read into one model. Validation reports
// every problem with its key path; unknown keys are warnings (the web ignores them too).
import {
  checkShape,
  childPath,
  describeValue,
  isPlainObject,
  type ConfigIssue,
  type Field,
  type Shape,
} from "../config/shape.ts";

/** A string, or one string per language (`{en: "…", fr: "…"}`). */
export type S3LocalizedString = string | Record<string, string>;

/** A claim-templated selection: one result per claim value matching the patterns. */
export interface ClaimTemplate {
  claimName: string;
  /** Default `^(.+)$`; its groups fill `$1`, `$2`… */
  includedClaimPattern?: string;
  excludedClaimPattern?: string;
}

export interface S3StsRole {
  profileName: string;
  /** Empty: no RoleArn is sent (MinIO then maps policies from the token's claim). */
  roleARN: string;
  roleSessionName: string;
  claim?: ClaimTemplate;
}

export interface S3Bookmark {
  s3Uri: string;
  title: S3LocalizedString;
  description?: S3LocalizedString;
  /** Profile names this bookmark applies to, `*` wildcards allowed; all profiles when absent. */
  forProfileName?: string[];
  claim?: ClaimTemplate;
}

export interface S3RegionEntry {
  /** Endpoint URL, e.g. "https://minio.example.com". */
  url: string;
  /** Onyxia's default is path-style (true). */
  pathStyleAccess: boolean;
  region: string;
  /** Only entries with STS become region profiles; the others pre-fill the custom-profile form. */
  sts?: {
    url: string;
    durationSeconds: number;
    roles: S3StsRole[];
    oidcConfiguration?: Record<string, unknown>;
  };
  bookmarks: S3Bookmark[];
}

export interface S3RegionModel {
  format: "v11" | "v10" | "none";
  entries: S3RegionEntry[];
  /** Human-readable warnings to show at start (e.g. the v10 deprecation). */
  warnings: string[];
}

export const DEFAULT_STS_DURATION_SECONDS = 604_800; // 7 days, MinIO's maximum
export const DEFAULT_S3_REGION = "us-east-1";
const V10_KEYS = ["workingDirectory", "bookmarkedDirectories"];

const str: Shape = { kind: "string" };
const regexStr: Shape = { kind: "string", regex: true };
const localized: Shape = {
  kind: "union",
  describe: "a string or an object of strings per language",
  options: [str, { kind: "record", values: str }],
};
const httpUrl: Field = {
  kind: "string",
  pattern: /^https?:\/\/[^\s/?#]+[^\s]*$/i,
  patternHint: "an http(s) URL",
};

/** Accepts one `item` or an array of them, keeping the form it was given in. */
export function arrayOrNot(item: Shape): Shape {
  return {
    kind: "custom",
    check: (value, path, issues) =>
      Array.isArray(value)
        ? value.map((v, i) => checkShape(v, item, childPath(path, i), issues))
        : checkShape(value, item, path, issues),
  };
}

const claimFields = {
  claimName: str,
  includedClaimPattern: regexStr,
  excludedClaimPattern: regexStr,
} satisfies Record<string, Field>;

const oidcOverride: Shape = {
  kind: "object",
  fields: {
    issuerURI: str,
    clientID: str,
    extraQueryParams: str,
    scope: str,
    idleSessionLifetimeInSeconds: { kind: "integer", min: 0 },
    audience: str,
  },
};

const roleShape: Shape = {
  kind: "object",
  fields: {
    profileName: { kind: "string", required: true, pattern: /\S/, patternHint: "a profile name" },
    roleARN: { kind: "string", default: "" },
    roleSessionName: { kind: "string", default: "onyxia" },
    ...claimFields,
  },
};

const bookmarkShape: Shape = {
  kind: "object",
  fields: {
    s3Uri: {
      kind: "string",
      required: true,
      pattern: /^s3:\/\/\S/,
      patternHint: 'an "s3://bucket/prefix" URI',
    },
    title: { ...localized, required: true },
    description: localized,
    forProfileName: arrayOrNot(str),
    ...claimFields,
  },
};

const v10BookmarkShape: Shape = {
  kind: "object",
  fields: {
    fullPath: { kind: "string", required: true },
    title: { ...localized, required: true },
    description: localized,
    tags: { kind: "array", items: str },
    forStsRoleSessionName: arrayOrNot(str),
    ...claimFields,
  },
};

const workingDirectoryShape: Shape = {
  kind: "object",
  fields: {
    bucketMode: { kind: "string", enum: ["shared", "multi"], required: true },
    bucketName: str,
    prefix: str,
    prefixGroup: str,
    bucketNamePrefix: str,
    bucketNamePrefixGroup: str,
  },
};

/** One `data.S3` entry, v11 and v10 keys together (which ones apply is decided afterwards). */
export const s3EntryShape: Shape = {
  kind: "object",
  fields: {
    URL: { ...httpUrl, required: true },
    pathStyleAccess: { kind: "boolean", default: true },
    region: str,
    sts: {
      kind: "object",
      fields: {
        URL: httpUrl,
        durationSeconds: { kind: "integer", min: 900 },
        role: arrayOrNot(roleShape),
        oidcConfiguration: oidcOverride,
      },
    },
    bookmarks: { kind: "array", items: bookmarkShape },
    // v10
    type: str,
    workingDirectory: workingDirectoryShape,
    bookmarkedDirectories: { kind: "array", items: v10BookmarkShape },
  },
};

/** The shape of `data` in a region: `{S3?: entry | entry[]}`. */
export const regionDataShape: Shape = {
  kind: "object",
  fields: { S3: arrayOrNot(s3EntryShape) },
};

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function claimOf(raw: Record<string, unknown>): ClaimTemplate | undefined {
  if (typeof raw.claimName !== "string") return undefined;
  return {
    claimName: raw.claimName,
    ...(typeof raw.includedClaimPattern === "string"
      ? { includedClaimPattern: raw.includedClaimPattern }
      : {}),
    ...(typeof raw.excludedClaimPattern === "string"
      ? { excludedClaimPattern: raw.excludedClaimPattern }
      : {}),
  };
}

const TEMPLATE_REF = /\$\d/;

function warnUnusedTemplate(
  issues: ConfigIssue[],
  path: string,
  texts: Array<string | undefined>,
  claim: ClaimTemplate | undefined,
): void {
  if (claim !== undefined) return;
  if (texts.some((t) => t !== undefined && TEMPLATE_REF.test(t))) {
    issues.push({
      level: "warning",
      path,
      message: "uses $1-style references but has no claimName: they are kept literally",
    });
  }
}

/** v10 working directory → claim-templated bookmarks (user: preferred_username, groups: groups). */
function v10Bookmarks(entry: Record<string, unknown>): S3Bookmark[] {
  const out: S3Bookmark[] = [];
  const wd = entry.workingDirectory as Record<string, string | undefined> | undefined;
  if (wd?.bucketMode === "multi") {
    if (wd.bucketNamePrefix !== undefined)
      out.push({
        s3Uri: `s3://${wd.bucketNamePrefix}$1/`,
        title: "Personal bucket",
        claim: { claimName: "preferred_username" },
      });
    if (wd.bucketNamePrefixGroup !== undefined)
      out.push({
        s3Uri: `s3://${wd.bucketNamePrefixGroup}$1/`,
        title: "Project bucket $1",
        claim: { claimName: "groups" },
      });
  } else if (wd?.bucketMode === "shared" && wd.bucketName !== undefined) {
    out.push({
      s3Uri: `s3://${wd.bucketName}/${wd.prefix ?? ""}$1/`,
      title: "Personal folder",
      claim: { claimName: "preferred_username" },
    });
    if (wd.prefixGroup !== undefined)
      out.push({
        s3Uri: `s3://${wd.bucketName}/${wd.prefixGroup}$1/`,
        title: "Project folder $1",
        claim: { claimName: "groups" },
      });
  }
  for (const raw of asList(entry.bookmarkedDirectories as Record<string, unknown>[] | undefined)) {
    const fullPath = String(raw.fullPath).replace(/^s3:\/\//, "");
    const claim = claimOf(raw);
    out.push({
      s3Uri: `s3://${fullPath}`,
      title: raw.title as S3LocalizedString,
      ...(raw.description !== undefined
        ? { description: raw.description as S3LocalizedString }
        : {}),
      ...(claim ? { claim } : {}),
    });
  }
  return out;
}

function toEntry(
  raw: Record<string, unknown>,
  path: string,
  isV10: boolean,
  issues: ConfigIssue[],
): S3RegionEntry {
  const url = String(raw.URL).replace(/\/+$/, "");
  const sts = raw.sts as Record<string, unknown> | undefined;
  const entry: S3RegionEntry = {
    url,
    pathStyleAccess: raw.pathStyleAccess !== false,
    region: typeof raw.region === "string" && raw.region !== "" ? raw.region : DEFAULT_S3_REGION,
    bookmarks: [],
  };
  if (sts !== undefined) {
    const rawRoles = asList(sts.role as Record<string, unknown> | Record<string, unknown>[]);
    const roles: S3StsRole[] = rawRoles.map((r, i) => {
      const claim = claimOf(r);
      const rolePath = Array.isArray(sts.role)
        ? childPath(childPath(childPath(path, "sts"), "role"), i)
        : childPath(childPath(path, "sts"), "role");
      warnUnusedTemplate(
        issues,
        rolePath,
        [r.profileName as string, r.roleARN as string, r.roleSessionName as string],
        claim,
      );
      return {
        profileName: String(r.profileName),
        roleARN: typeof r.roleARN === "string" ? r.roleARN : "",
        roleSessionName: typeof r.roleSessionName === "string" ? r.roleSessionName : "onyxia",
        ...(claim ? { claim } : {}),
      };
    });
    // No role at all (v10, or a v11 entry without one): one "default" profile without RoleArn.
    if (roles.length === 0)
      roles.push({ profileName: "default", roleARN: "", roleSessionName: "onyxia" });
    entry.sts = {
      url: typeof sts.URL === "string" ? sts.URL.replace(/\/+$/, "") : url,
      durationSeconds:
        typeof sts.durationSeconds === "number"
          ? sts.durationSeconds
          : DEFAULT_STS_DURATION_SECONDS,
      roles,
      ...(isPlainObject(sts.oidcConfiguration) ? { oidcConfiguration: sts.oidcConfiguration } : {}),
    };
  }
  if (isV10) {
    entry.bookmarks = v10Bookmarks(raw);
  } else {
    asList(raw.bookmarks as Record<string, unknown>[] | undefined).forEach((b, i) => {
      const claim = claimOf(b);
      const titles = typeof b.title === "string" ? [b.title] : Object.values(b.title as object);
      warnUnusedTemplate(
        issues,
        childPath(childPath(path, "bookmarks"), i),
        [b.s3Uri as string, ...(titles as string[])],
        claim,
      );
      entry.bookmarks.push({
        s3Uri: String(b.s3Uri),
        title: b.title as S3LocalizedString,
        ...(b.description !== undefined ? { description: b.description as S3LocalizedString } : {}),
        ...(b.forProfileName !== undefined
          ? { forProfileName: asList(b.forProfileName as string | string[]) }
          : {}),
        ...(claim ? { claim } : {}),
      });
    });
  }
  return entry;
}

export const V10_DEPRECATION_WARNING =
  "data.S3 uses the v10 format (workingDirectory / bookmarkedDirectories), deprecated since Onyxia v11: " +
  "it is read as claim-templated bookmarks; replace it by `bookmarks` with `s3Uri` and `claimName` " +
  '(e.g. {s3Uri: "s3://user-$1/", title: "Personal", claimName: "preferred_username"}).';

/**
 * Reads `data.S3` (the value under `data`, i.e. `{S3: …}`) into one model. Errors name the key
 * path under `path` (e.g. `regions[0].data`); the model only holds entries without errors.
 */
export function readS3RegionConfig(
  data: unknown,
  path = "data",
): { model: S3RegionModel; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const model: S3RegionModel = { format: "none", entries: [], warnings: [] };
  if (data === undefined || data === null) return { model, issues };
  if (!isPlainObject(data)) {
    issues.push({
      level: "error",
      path,
      message: `expected an object, got ${describeValue(data)}`,
    });
    return { model, issues };
  }
  const raw = data.S3;
  if (raw === undefined) {
    checkShape(data, regionDataShape, path, issues); // unknown keys beside S3
    return { model, issues };
  }
  const s3Path = childPath(path, "S3");
  const list = Array.isArray(raw) ? raw : [raw];
  for (const key of Object.keys(data))
    if (key !== "S3")
      issues.push({
        level: "warning",
        path: childPath(path, key),
        message: "unknown key, ignored",
      });
  let sawV10 = false;
  let sawV11 = false;
  list.forEach((item, i) => {
    const itemPath = Array.isArray(raw) ? childPath(s3Path, i) : s3Path;
    const local: ConfigIssue[] = [];
    const checked = checkShape(item, s3EntryShape, itemPath, local);
    issues.push(...local);
    if (local.some((x) => x.level === "error") || !isPlainObject(checked)) return;
    const isV10 = V10_KEYS.some((k) => k in checked);
    if (isV10 && "bookmarks" in checked) {
      issues.push({
        level: "warning",
        path: itemPath,
        message: "mixes v11 `bookmarks` with v10 keys: the v10 keys win, `bookmarks` is ignored",
      });
    }
    if (isV10) sawV10 = true;
    else sawV11 = true;
    model.entries.push(toEntry(checked, itemPath, isV10, issues));
  });
  model.format = sawV10 ? "v10" : sawV11 ? "v11" : "none";
  if (sawV10) {
    model.warnings.push(V10_DEPRECATION_WARNING);
    issues.push({ level: "warning", path: s3Path, message: V10_DEPRECATION_WARNING });
  }
  return { model, issues };
}

/** `data` as a config shape: validated by readS3RegionConfig, served back as configured. */
export const regionDataConfigShape: Shape = {
  kind: "custom",
  check: (value, path, issues) => {
    const result = readS3RegionConfig(value, path);
    issues.push(...result.issues);
    return result.issues.some((i) => i.level === "error") ? undefined : value;
  },
};
