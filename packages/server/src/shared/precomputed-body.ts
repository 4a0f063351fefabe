// A response body prepared once (the catalogs, the services listing): bytes, ETag, gzip.
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * A JSON response body prepared once per snapshot: the bytes (no per-request encoding), a strong
 * ETag, and a gzip variant made on first use (browsers always accept gzip; the body shrinks ~8×).
 */
export interface PrecomputedBody {
  /** The body as text, decoded from the bytes on demand (only the bytes are kept). */
  readonly text: string;
  readonly buffer: Buffer;
  readonly etag: string;
  /** The gzip-compressed bytes, computed on first call then kept. */
  gzip(): Buffer;
}

/**
 * gzipSync's result is a view into zlib's output chunk (64 KiB on Node 24), which it keeps alive:
 * a 1 kB listing held 64 KiB. Kept bodies get a copy of their own, of the exact size.
 */
function gzipExact(buffer: Buffer): Buffer {
  const chunk = gzipSync(buffer, { level: 6 });
  if (chunk.byteLength === chunk.buffer.byteLength) return chunk;
  const exact = Buffer.allocUnsafeSlow(chunk.byteLength);
  chunk.copy(exact);
  return exact;
}

const etagOf = (buffer: Buffer) =>
  `"${createHash("sha256").update(buffer).digest("base64url").slice(0, 27)}"`;

export function precomputeBody(text: string): PrecomputedBody {
  const buffer = Buffer.from(text, "utf8");
  const etag = etagOf(buffer);
  let gzipped: Buffer | undefined;
  return {
    get text() {
      return buffer.toString("utf8");
    },
    buffer,
    etag,
    gzip: () => (gzipped ??= gzipExact(buffer)),
  };
}

/**
 * The same, keeping only the gzip bytes (JSON listings shrink 10-15×): the plain bytes are
 * made again when a client does not accept gzip (browsers always do). For bodies kept by the
 * hundred, such as one services listing per namespace.
 */
export function compactBody(text: string): PrecomputedBody {
  const plain = Buffer.from(text, "utf8");
  const etag = etagOf(plain);
  const gzipped = gzipExact(plain);
  return {
    get text() {
      return gunzipSync(gzipped).toString("utf8");
    },
    get buffer() {
      return gunzipSync(gzipped);
    },
    etag,
    gzip: () => gzipped,
  };
}
