import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../src/config/index.ts";
import {
  DEFAULT_STS_DURATION_SECONDS,
  readS3RegionConfig,
  V10_DEPRECATION_WARNING,
} from "../../src/s3/index.ts";

const errors = (data: unknown) =>
  readS3RegionConfig(data, "regions[0].data")
    .issues.filter((i) => i.level === "error")
    .map((i) => `${i.path}: ${i.message}`);

describe("data.S3, v11", () => {
  it("reads one entry with defaults: path style, us-east-1, STS URL = URL, 7 days", () => {
    const { model, issues } = readS3RegionConfig({
      S3: {
        URL: "https://minio.example.com/",
        sts: { role: { profileName: "default", roleARN: "", roleSessionName: "s" } },
      },
    });
    expect(issues).toEqual([]);
    expect(model.format).toBe("v11");
    expect(model.entries).toEqual([
      {
        url: "https://minio.example.com",
        pathStyleAccess: true,
        region: "us-east-1",
        sts: {
          url: "https://minio.example.com",
          durationSeconds: DEFAULT_STS_DURATION_SECONDS,
          roles: [{ profileName: "default", roleARN: "", roleSessionName: "s" }],
        },
        bookmarks: [],
      },
    ]);
  });

  it("reads an array, several roles, templated roles and bookmarks", () => {
    const { model, issues } = readS3RegionConfig({
      S3: [
        {
          URL: "https://s3.a",
          pathStyleAccess: false,
          region: "eu-west-3",
          sts: {
            URL: "https://sts.a",
            durationSeconds: 3600,
            role: [
              { profileName: "default", roleARN: "arn:r", roleSessionName: "x" },
              {
                profileName: "proj-$1",
                roleARN: "arn:$1",
                roleSessionName: "x",
                claimName: "groups",
                includedClaimPattern: "^g_(.+)$",
              },
            ],
          },
          bookmarks: [
            {
              s3Uri: "s3://projet-$1/",
              title: { en: "Project $1" },
              claimName: "groups",
              forProfileName: "proj-*",
            },
          ],
        },
        { URL: "https://s3.b" },
      ],
    });
    expect(issues).toEqual([]);
    expect(model.entries).toHaveLength(2);
    expect(model.entries[0]?.sts?.roles[1]?.claim).toEqual({
      claimName: "groups",
      includedClaimPattern: "^g_(.+)$",
    });
    expect(model.entries[0]?.bookmarks[0]?.forProfileName).toEqual(["proj-*"]);
    expect(model.entries[1]?.sts).toBeUndefined();
  });

  it("names the key path of every error", () => {
    expect(
      errors({
        S3: [
          { URL: "ftp://x" },
          { URL: "https://ok", sts: { durationSeconds: 10, role: [{ roleARN: "a" }] } },
          { URL: "https://ok", bookmarks: [{ s3Uri: "bucket/x", title: 3 }] },
          {
            URL: "https://ok",
            sts: { role: { profileName: "p", claimName: "g", includedClaimPattern: "(" } },
          },
        ],
      }),
    ).toEqual([
      'regions[0].data.S3[0].URL: expected an http(s) URL, got "ftp://x"',
      "regions[0].data.S3[1].sts.durationSeconds: must be >= 900, got 10",
      "regions[0].data.S3[1].sts.role[0].profileName: is required",
      'regions[0].data.S3[2].bookmarks[0].s3Uri: expected an "s3://bucket/prefix" URI, got "bucket/x"',
      "regions[0].data.S3[2].bookmarks[0].title: expected a string or an object of strings per language, got 3",
      expect.stringMatching(
        /^regions\[0\]\.data\.S3\[3\]\.sts\.role\.includedClaimPattern: invalid regular expression/,
      ),
    ]);
    expect(errors({ S3: "https://x" })).toEqual([
      'regions[0].data.S3: expected an object, got "https://x"',
    ]);
  });

  it("warns about unknown keys and untemplated $1", () => {
    const { issues } = readS3RegionConfig(
      {
        S3: { URL: "https://x", colour: "red", bookmarks: [{ s3Uri: "s3://u-$1/", title: "t" }] },
        other: 1,
      },
      "d",
    );
    expect(issues.map((i) => `${i.level} ${i.path}`)).toEqual([
      "warning d.other",
      "warning d.S3.colour",
      "warning d.S3.bookmarks[0]",
    ]);
  });
});

describe("data.S3, v10", () => {
  it("maps workingDirectory (multi) and bookmarkedDirectories to bookmarks, with a deprecation warning", () => {
    const { model, issues } = readS3RegionConfig({
      S3: {
        URL: "https://minio.x",
        sts: { durationSeconds: 86400 },
        workingDirectory: {
          bucketMode: "multi",
          bucketNamePrefix: "user-",
          bucketNamePrefixGroup: "projet-",
        },
        bookmarkedDirectories: [{ fullPath: "shared/$1/", title: "Team $1", claimName: "groups" }],
      },
    });
    expect(model.format).toBe("v10");
    expect(model.warnings).toEqual([V10_DEPRECATION_WARNING]);
    expect(issues.map((i) => i.level)).toEqual(["warning"]);
    expect(model.entries[0]?.sts?.roles).toEqual([
      { profileName: "default", roleARN: "", roleSessionName: "onyxia" },
    ]);
    expect(model.entries[0]?.bookmarks.map((b) => [b.s3Uri, b.claim?.claimName])).toEqual([
      ["s3://user-$1/", "preferred_username"],
      ["s3://projet-$1/", "groups"],
      ["s3://shared/$1/", "groups"],
    ]);
  });

  it("maps the shared bucket mode to prefixes", () => {
    const { model } = readS3RegionConfig({
      S3: {
        URL: "https://m",
        workingDirectory: {
          bucketMode: "shared",
          bucketName: "onyxia",
          prefix: "user-",
          prefixGroup: "projet-",
        },
      },
    });
    expect(model.entries[0]?.bookmarks.map((b) => b.s3Uri)).toEqual([
      "s3://onyxia/user-$1/",
      "s3://onyxia/projet-$1/",
    ]);
  });

  it("refuses an unknown bucketMode with its path", () => {
    expect(errors({ S3: { URL: "https://m", workingDirectory: { bucketMode: "many" } } })).toEqual([
      'regions[0].data.S3.workingDirectory.bucketMode: expected one of "shared", "multi", got "many"',
    ]);
  });
});

describe("config validation", () => {
  const load = (data: unknown) =>
    resolveConfig({ file: { name: "c.yaml", data: { regions: [{ id: "r", data }] } } });

  it("keeps data as configured (Onyxia serves it verbatim) and reports warnings", () => {
    const data = {
      S3: [
        {
          URL: "https://s3",
          sts: { role: { profileName: "default", roleARN: "", roleSessionName: "o" } },
          extra: true,
        },
      ],
    };
    const { config, warnings } = load(data);
    expect(config.regions[0]?.data).toEqual(data);
    expect(warnings.join("\n")).toContain("regions[0].data.S3[0].extra");
  });

  it("refuses a bad S3 entry naming the path", () => {
    try {
      load({ S3: { URL: 42 } });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join("\n")).toContain(
        "regions[0].data.S3.URL: expected string, got 42",
      );
    }
  });
});
