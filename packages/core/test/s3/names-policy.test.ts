import { describe, expect, it } from "vitest";
import {
  bucketNameProblem,
  entryNameProblem,
  isPublic,
  makePrefixPrivate,
  makePrefixPublic,
  objectKeyProblem,
  parseBucketPolicy,
  parseS3Path,
  PUBLIC_GET_OBJECT_SID,
  PUBLIC_LIST_BUCKET_SID,
  publicPrefixes,
} from "../../src/s3/index.ts";

describe("bucket names", () => {
  it.each(["user-alice", "projet-team-a", "a.b-c", "abc"])("accepts %s", (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });
  it.each([
    ["ab", /3 to 63/],
    ["a".repeat(64), /3 to 63/],
    ["User-x", /contains "U"/],
    ["my_bucket", /contains "_"/],
    ["-abc", /start and end/],
    ["a..b", /adjacent dots/],
    ["a.-b", /dot next to a hyphen/],
    ["192.168.1.1", /IP address/],
    ["xn--abc", /reserved prefix "xn--"/],
    ["abc-s3alias", /reserved suffix/],
  ])("refuses %s", (name, reason) => {
    expect(bucketNameProblem(name)).toMatch(reason);
  });
});

describe("object keys", () => {
  it.each(["a", "dir/sub/file.csv", "espace é 日本.txt", "x".repeat(255), "a/b/"])(
    "accepts %s",
    (key) => {
      expect(objectKeyProblem(key, { isPrefix: key.endsWith("/") })).toBeUndefined();
    },
  );
  it.each([
    ["", /must not be empty/],
    ["/abs", /start with "\/"/],
    ["a//b", /"\/\/"/],
    ["a/../b", /"\." or "\.\."/],
    ["./b", /"\." or "\.\."/],
    ["dir/", /must not end with "\/"/],
    ["bad\u0001name", /control character U\+0001/],
    ["x".repeat(256), /part of 256 bytes/],
    ["é".repeat(513), /1026 bytes long/],
    ["\uD800x", /lone surrogate/],
  ])("refuses %j", (key, reason) => {
    expect(objectKeyProblem(key)).toMatch(reason);
  });
  it("refuses a slash in a typed name", () => {
    expect(entryNameProblem("a/b")).toMatch(/must not contain "\/"/);
    expect(entryNameProblem("ok name")).toBeUndefined();
  });
  it("parses bucket/key paths", () => {
    expect(parseS3Path("s3://b/k/x")).toEqual({ bucket: "b", key: "k/x" });
    expect(parseS3Path("b")).toEqual({ bucket: "b", key: "" });
  });
});

describe("bucket policy", () => {
  const foreign = {
    Sid: "Mine",
    Effect: "Allow" as const,
    Principal: "*",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::b/x",
  };

  it("adds Onyxia's two statements and keeps others", () => {
    const policy = makePrefixPublic(
      parseBucketPolicy(JSON.stringify({ Version: "2012-10-17", Statement: [foreign] })),
      "b",
      "data/",
    );
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "Mine",
      PUBLIC_GET_OBJECT_SID,
      PUBLIC_LIST_BUCKET_SID,
    ]);
    expect(policy.Statement[1]).toMatchObject({
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::b/data/*"],
      Principal: { AWS: ["*"] },
    });
    expect(policy.Statement[2]).toMatchObject({
      Action: ["s3:ListBucket"],
      Resource: ["arn:aws:s3:::b"],
      Condition: { StringLike: { "s3:prefix": ["data/*"] } },
    });
    expect(isPublic(policy, "b", "data/f.csv")).toBe(true);
    expect(isPublic(policy, "b", "other/f.csv")).toBe(false);
  });

  it("accumulates prefixes without duplicates and removes them one by one", () => {
    let policy = makePrefixPublic(parseBucketPolicy(undefined), "b", "a/");
    policy = makePrefixPublic(policy, "b", "c/");
    policy = makePrefixPublic(policy, "b", "a/");
    expect(publicPrefixes(policy, "b")).toEqual(["a/", "c/"]);
    const after = makePrefixPrivate(policy, "b", "a/");
    expect(after && publicPrefixes(after, "b")).toEqual(["c/"]);
    expect(after?.Statement[1]?.Condition?.StringLike?.["s3:prefix"]).toEqual(["c/*"]);
    expect(after && makePrefixPrivate(after, "b", "c/")).toBeUndefined();
  });

  it("keeps foreign statements when the last public prefix goes", () => {
    const policy = makePrefixPublic({ Version: "2012-10-17", Statement: [foreign] }, "b", "");
    expect(makePrefixPrivate(policy, "b", "")?.Statement).toEqual([foreign]);
  });
});
