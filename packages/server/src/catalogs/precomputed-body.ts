import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/**
 * A JSON response body prepared once per snapshot: the bytes (no per-request encoding), a strong
 * ETag, and a gzip variant made on first use (browsers always accept gzip; the body shrinks ~8×).
 */
export interface PrecomputedBody {
  readonly text: string;
  readonly buffer: Buffer;
  readonly etag: string;
  /** The gzip-compressed bytes, computed on first call then kept. */
  gzip(): Buffer;
}

export function precomputeBody(text: string): PrecomputedBody {
  const buffer = Buffer.from(text, "utf8");
  const etag = `"${createHash("sha256").update(buffer).digest("base64url").slice(0, 27)}"`;
  let gzipped: Buffer | undefined;
  return {
    text,
    buffer,
    etag,
    gzip: () => (gzipped ??= gzipSync(buffer, { level: 6 })),
  };
}

/** Whether an `Accept-Encoding` header accepts gzip (q=0 refuses it). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : (acceptEncoding ?? "");
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}
