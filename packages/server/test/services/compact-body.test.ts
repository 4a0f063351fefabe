// compactBody keeps the gzip bytes only: what it serves must be what precomputeBody serves.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compactBody, precomputeBody } from "../../src/shared/precomputed-body.ts";

describe("compactBody", () => {
  it("serves the same bytes, text and ETag as the full body, from its gzip copy", () => {
    const text = JSON.stringify({ apps: [{ id: "é-1", env: "x".repeat(5000) }], groups: [] });
    const full = precomputeBody(text);
    const compact = compactBody(text);
    expect(compact.etag).toBe(full.etag);
    expect(compact.text).toBe(text);
    expect(compact.buffer.equals(full.buffer)).toBe(true);
    expect(gunzipSync(compact.gzip()).toString("utf8")).toBe(text);
    // The gzip copy is made once and is much smaller than the text.
    expect(compact.gzip()).toBe(compact.gzip());
    expect(compact.gzip().length).toBeLessThan(Buffer.byteLength(text) / 10);
  });

  it("keeps only its own gzip bytes, not zlib's whole output chunk", () => {
    const text = JSON.stringify({ apps: [{ id: "a", env: "y".repeat(3000) }], groups: [] });
    for (const body of [compactBody(text), precomputeBody(text)]) {
      const gzip = body.gzip();
      expect(gzip.byteLength).toBeLessThan(1024);
      // The memory the bytes hold: their ArrayBuffer (a view into a larger one keeps all of it).
      expect(gzip.buffer.byteLength).toBe(gzip.byteLength);
    }
  });
});
