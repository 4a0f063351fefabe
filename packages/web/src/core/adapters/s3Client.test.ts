import { describe, expect, it } from "vitest";
import { choosePartSize, classifyError, MAX_PARTS } from "./s3Client.ts";

describe("multipart part size", () => {
  it("scales the part size so a huge file stays within 10,000 parts, refuses over 5 TiB", () => {
    expect(choosePartSize(10 * 1024 ** 2)).toBe(8 * 1024 ** 2);
    const size = 200 * 1024 ** 3;
    expect(Math.ceil(size / choosePartSize(size))).toBeLessThanOrEqual(MAX_PARTS);
    expect(() => choosePartSize(6 * 1024 ** 4)).toThrow(/5 TiB/);
  });
});

describe("error classification", () => {
  it.each([
    [{ name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } }, "noSuchBucket"],
    [{ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }, "accessDenied"],
    [{ name: "ExpiredToken", $metadata: { httpStatusCode: 400 } }, "expiredCredentials"],
    [new TypeError("fetch failed"), "unreachable"],
    [{ name: "AbortError", message: "aborted" }, "cancelled"],
  ])("%o → %s", (error, kind) => {
    expect(classifyError(error, "Listing").kind).toBe(kind);
  });
});
