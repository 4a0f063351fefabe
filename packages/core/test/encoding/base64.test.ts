/// <reference types="node" />
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64EncodeUtf8, base64ToText, base64UrlToText } from "../../src/encoding/index.ts";

describe("base64 (one helper for the server and the browser)", () => {
  it("round-trips any text, and agrees with Node's Buffer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const encoded = base64EncodeUtf8(text);
        expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64"));
        expect(base64ToText(encoded)).toBe(text);
      }),
    );
  });

  it("decodes base64url without padding (JWT segments)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(base64UrlToText(Buffer.from(text, "utf8").toString("base64url"))).toBe(text);
      }),
    );
  });
});
