// The user's own S3 bookmarks as Onyxia keeps them: the user config `s3BookmarksStr` (reference §9),
// a JSON array of `{profileName, displayName, s3Uri}` where `s3Uri` is Onyxia's parsed S3 URI
// object `{type: "prefix", bucket, delimiter, keySegments, isDelimiterTerminated: true}` (a folder
// "bucket/a/b/" has keySegments ["a", "b"]). Onyxia has had two shapes of that object (with and
// without `type`, a non-terminated prefix's last segment in `keySegments` or in
// `nextKeySegmentPrefix`); both are read. Written: the `type` form, which the older reader accepts
// too (it ignores unknown keys).

export interface UserS3BookmarkEntry {
  /** The S3 profile it belongs to. */
  profileName: string;
  /** undefined: the path is shown. */
  displayName: string | undefined;
  /** `bucket/prefix/` (a folder ends with the delimiter). */
  s3UriWithoutScheme: string;
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");

/** `bucket/key…` of one stored `s3Uri` object, or a reason it is not one. */
function s3UriPath(value: unknown): { path: string } | { problem: string } {
  if (typeof value !== "object" || value === null) return { problem: "s3Uri is not an object" };
  const u = value as Record<string, unknown>;
  const { bucket, delimiter, keySegments } = u;
  if (typeof bucket !== "string" || bucket === "") return { problem: "s3Uri.bucket is missing" };
  if (typeof delimiter !== "string" || delimiter === "")
    return { problem: "s3Uri.delimiter is missing" };
  if (!isStringArray(keySegments)) return { problem: "s3Uri.keySegments is not a string list" };
  const head = `${bucket}/`;
  if (u["type"] === "object") {
    if (typeof u["keyBasename"] !== "string") return { problem: "s3Uri.keyBasename is missing" };
    return { path: head + keySegments.map((s) => s + delimiter).join("") + u["keyBasename"] };
  }
  if (u["type"] !== undefined && u["type"] !== "prefix")
    return { problem: `s3Uri.type ${JSON.stringify(u["type"])} is neither "prefix" nor "object"` };
  if (u["isDelimiterTerminated"] === true)
    return { path: head + keySegments.map((s) => s + delimiter).join("") };
  if (u["isDelimiterTerminated"] !== false)
    return { problem: "s3Uri.isDelimiterTerminated is not a boolean" };
  const next = u["nextKeySegmentPrefix"];
  return {
    path:
      typeof next === "string"
        ? head + keySegments.map((s) => s + delimiter).join("") + next
        : head + keySegments.join(delimiter),
  };
}

/**
 * The bookmarks of a stored `s3BookmarksStr` (null: none saved). Entries that are not bookmarks are
 * left out, and `problem` says why; text that is not a JSON array gives none.
 */
export function readS3BookmarksStr(text: string | null): {
  bookmarks: UserS3BookmarkEntry[];
  problem?: string;
} {
  if (text === null) return { bookmarks: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { bookmarks: [], problem: "s3BookmarksStr is not valid JSON" };
  }
  if (!Array.isArray(parsed)) return { bookmarks: [], problem: "s3BookmarksStr is not a list" };
  const bookmarks: UserS3BookmarkEntry[] = [];
  const problems: string[] = [];
  parsed.forEach((item: unknown, i) => {
    const entry = (typeof item === "object" && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    const { profileName, displayName } = entry;
    const uri = s3UriPath(entry["s3Uri"]);
    if (typeof profileName !== "string") problems.push(`bookmark ${i}: profileName is missing`);
    else if (displayName !== undefined && typeof displayName !== "string")
      problems.push(`bookmark ${i}: displayName is not a string`);
    else if ("problem" in uri) problems.push(`bookmark ${i}: ${uri.problem}`);
    else bookmarks.push({ profileName, displayName, s3UriWithoutScheme: uri.path });
  });
  return problems.length ? { bookmarks, problem: problems.join("; ") } : { bookmarks };
}

/** `bucket/a/b/` as Onyxia's prefix object (a path without the final "/" is taken as the folder). */
function toS3Uri(s3UriWithoutScheme: string) {
  const path = s3UriWithoutScheme.replace(/^s3:\/\//, "");
  const [bucket = "", ...rest] = path.split("/");
  return {
    type: "prefix" as const,
    bucket,
    delimiter: "/",
    keySegments: rest.filter((s) => s !== ""),
    isDelimiterTerminated: true as const,
  };
}

/** The `s3BookmarksStr` of a list, in Onyxia's shape (`displayName` undefined is left out, as JSON does). */
export function writeS3BookmarksStr(bookmarks: readonly UserS3BookmarkEntry[]): string {
  return JSON.stringify(
    bookmarks.map((b) => ({
      profileName: b.profileName,
      displayName: b.displayName,
      s3Uri: toS3Uri(b.s3UriWithoutScheme),
    })),
  );
}
