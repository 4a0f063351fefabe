// Bucket and object key rules, checked before a request so the user gets a precise reason
// instead of S3's generic 400. Keys follow MinIO's rules, which are stricter than AWS's.

const utf8Length = (text: string): number => {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const BUCKET_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const BUCKET_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Undefined when the bucket name is valid, else why it is not. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63)
    return `bucket name "${name}" must be 3 to 63 characters long (it has ${name.length})`;
  const bad = /[^a-z0-9.-]/.exec(name);
  if (bad)
    return `bucket name "${name}" contains "${bad[0]}": only lowercase letters, digits, "." and "-" are allowed`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name))
    return `bucket name "${name}" must start and end with a lowercase letter or a digit`;
  if (name.includes("..")) return `bucket name "${name}" must not contain two adjacent dots`;
  if (name.includes(".-") || name.includes("-."))
    return `bucket name "${name}" must not contain a dot next to a hyphen`;
  if (IPV4.test(name)) return `bucket name "${name}" must not look like an IP address`;
  const prefix = BUCKET_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `bucket name "${name}" must not start with the reserved prefix "${prefix}"`;
  const suffix = BUCKET_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `bucket name "${name}" must not end with the reserved suffix "${suffix}"`;
  return undefined;
}

export const MAX_KEY_BYTES = 1024;
/** MinIO stores each path segment as a file name. */
export const MAX_SEGMENT_BYTES = 255;

/**
 * Undefined when `key` is a valid object key (or, with `isPrefix`, a folder prefix ending in
 * "/"), else why it is not.
 */
export function objectKeyProblem(
  key: string,
  options: { isPrefix?: boolean } = {},
): string | undefined {
  const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
  if (key === "") return "an object name must not be empty";
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(key))
    return `object name ${shown} is not valid Unicode (lone surrogate)`;
  const bytes = utf8Length(key);
  if (bytes > MAX_KEY_BYTES)
    return `object name ${shown} is ${bytes} bytes long in UTF-8; S3 allows at most ${MAX_KEY_BYTES}`;
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.exec(key);
  if (control)
    return `object name ${shown} contains the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`;
  if (key.startsWith("/")) return `object name ${shown} must not start with "/"`;
  if (key.includes("//"))
    return `object name ${shown} must not contain "//" (an empty folder name)`;
  if (!options.isPrefix && key.endsWith("/"))
    return `object name ${shown} must not end with "/" (that is a folder)`;
  const segments = key.split("/").filter((s, i, all) => !(i === all.length - 1 && s === ""));
  for (const segment of segments) {
    if (segment.trim() === "." || segment.trim() === "..")
      return `object name ${shown} must not contain a "." or ".." folder`;
    const segmentBytes = utf8Length(segment);
    if (segmentBytes > MAX_SEGMENT_BYTES)
      return `object name ${shown} has a part of ${segmentBytes} bytes; at most ${MAX_SEGMENT_BYTES} per part between "/"`;
  }
  return undefined;
}

/** A file or folder name typed by the user (no "/"), checked as one key segment. */
export function entryNameProblem(name: string): string | undefined {
  if (name.includes("/")) return `name ${JSON.stringify(name)} must not contain "/"`;
  return objectKeyProblem(name);
}

/** Splits `bucket/prefix…` (an s3:// URI without its scheme). */
export function parseS3Path(pathWithoutScheme: string): { bucket: string; key: string } {
  const clean = pathWithoutScheme.replace(/^s3:\/\//, "").replace(/^\/+/, "");
  const slash = clean.indexOf("/");
  return slash === -1
    ? { bucket: clean, key: "" }
    : { bucket: clean.slice(0, slash), key: clean.slice(slash + 1) };
}
