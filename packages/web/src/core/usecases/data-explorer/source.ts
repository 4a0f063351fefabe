// A data source: an http(s) URL, or an s3:// URI read with credentials the S3 feature provides.

import { DataExplorerError } from "./errors.ts";

export type ParsedSource =
  | { kind: "http"; url: string; path: string }
  | { kind: "s3"; uri: string; bucket: string; key: string; path: string };

/** Temporary credentials (STS AssumeRoleWithWebIdentity) or static keys; absent = anonymous. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When they stop working (ISO date); informative. */
  expiration?: string;
}

/** What an s3:// source needs: the endpoint of the region's `data.S3` and the user's credentials. */
export interface S3Access {
  /** e.g. `https://minio.example.org` (path-style addressing is used). */
  endpoint: string;
  region: string;
  credentials?: S3Credentials;
  /** The object's size when it was checked (HEAD). */
  size?: number;
}

/** Plugged in by the S3 feature: resolves the credentials to read `bucket`. */
export type S3AccessProvider = (target: { bucket: string; key: string }) => Promise<S3Access>;

/**
 * Plugged in by the S3 feature: bytes `start`..`end` (inclusive) of an object, or its last
 * `suffix` bytes, with the object's size; signed requests.
 */
export type S3RangeReader = (
  target: { bucket: string; key: string },
  range: { start: number; end: number } | { suffix: number },
  signal?: AbortSignal,
) => Promise<{ bytes: Uint8Array; objectSize: number | undefined }>;

// S3 bucket naming rules (3–63 lowercase letters, digits, dots, hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseSource(text: string): ParsedSource {
  const trimmed = text.trim();
  if (trimmed === "")
    throw new DataExplorerError(
      "invalid-source",
      "Enter a https:// URL or an s3://bucket/key URI.",
    );
  if (/^s3:\/\//i.test(trimmed)) {
    const rest = trimmed.slice(5);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    if (!BUCKET.test(bucket))
      throw new DataExplorerError("invalid-source", `"${bucket}" is not a valid S3 bucket name.`);
    if (key === "" || key.endsWith("/"))
      throw new DataExplorerError(
        "invalid-source",
        `"${trimmed}" names a folder, not a file: give the object's key.`,
      );
    return { kind: "s3", uri: `s3://${bucket}/${key}`, bucket, key, path: key };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new DataExplorerError(
      "invalid-source",
      `"${trimmed}" is neither a URL nor an s3:// URI.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new DataExplorerError(
      "invalid-source",
      `Unsupported protocol "${url.protocol}": use https:// or s3://.`,
    );
  if (url.username || url.password)
    throw new DataExplorerError(
      "invalid-source",
      "Credentials in the URL are not accepted (they would be shown and kept in the history).",
    );
  return { kind: "http", url: url.href, path: decodeURIComponent(url.pathname) };
}

/** The URL an S3 object is read from (path-style), e.g. for the CLI command and for errors. */
export function s3ObjectUrl(endpoint: string, bucket: string, key: string): string {
  const base = endpoint.replace(/\/+$/, "");
  return `${base}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
