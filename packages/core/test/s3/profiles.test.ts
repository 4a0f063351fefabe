import { describe, expect, it } from "vitest";
import {
  deriveRegionProfiles,
  pickDefaultProfileName,
  readClaimValues,
  readS3RegionConfig,
  resolveClaimTemplate,
  substituteGroups,
} from "../../src/s3/index.ts";

const claims = {
  preferred_username: "alice",
  groups: ["g_team-a", "admins", "g_secret", "g_team-a"],
  realm_access: { roles: ["r1", "r2"] },
};

describe("claim templating", () => {
  it("reads string, array and dotted claims", () => {
    expect(readClaimValues(claims, "preferred_username")).toEqual(["alice"]);
    expect(readClaimValues(claims, "realm_access.roles")).toEqual(["r1", "r2"]);
    expect(readClaimValues(claims, "missing")).toEqual([]);
  });

  it("applies the included and excluded patterns and dedupes", () => {
    expect(
      resolveClaimTemplate(claims, {
        claimName: "groups",
        includedClaimPattern: "^g_(.+)$",
        excludedClaimPattern: "secret",
      }),
    ).toEqual([["g_team-a", "team-a"]]);
    expect(resolveClaimTemplate(claims, { claimName: "groups" }).map((g) => g[1])).toEqual([
      "g_team-a",
      "admins",
      "g_secret",
    ]);
  });

  it("substitutes $n and leaves unknown groups alone", () => {
    expect(substituteGroups("projet-$1/$2/$9", ["x", "a", "b"])).toBe("projet-a/b/$9");
  });
});

describe("region profiles", () => {
  const { model } = readS3RegionConfig({
    S3: [
      {
        URL: "https://s3.example",
        region: "eu",
        sts: {
          durationSeconds: 3600,
          role: [
            { profileName: "default", roleARN: "", roleSessionName: "onyxia" },
            {
              profileName: "team-$1",
              roleARN: "arn:aws:iam::1:role/$1",
              roleSessionName: "s-$1",
              claimName: "groups",
              includedClaimPattern: "^g_(.+)$",
            },
          ],
        },
        bookmarks: [
          { s3Uri: "s3://user-$1/", title: "Personal", claimName: "preferred_username" },
          {
            s3Uri: "s3://projet-$1/",
            title: { en: "Project $1", fr: "Projet $1" },
            claimName: "groups",
            includedClaimPattern: "^g_(.+)$",
            forProfileName: "team-*",
          },
        ],
      },
      { URL: "https://no-sts.example" },
      {
        URL: "https://other",
        sts: { role: { profileName: "default", roleARN: "", roleSessionName: "x" } },
      },
    ],
  });

  it("gives one profile per templated role, skips entries without STS, keeps the first duplicate", () => {
    const { profiles, duplicates } = deriveRegionProfiles(model, claims);
    expect(profiles.map((p) => p.profileName)).toEqual(["default", "team-team-a", "team-secret"]);
    expect(duplicates).toEqual(["default"]);
    expect(profiles[0]?.sts).toEqual({
      url: "https://s3.example",
      durationSeconds: 3600,
      roleSessionName: "onyxia",
    });
    expect(profiles[1]?.sts.roleARN).toBe("arn:aws:iam::1:role/team-a");
    expect(profiles[1]?.sts.roleSessionName).toBe("s-team-a");
  });

  it("resolves bookmarks per profile, honouring forProfileName wildcards", () => {
    const { profiles } = deriveRegionProfiles(model, claims);
    expect(profiles[0]?.bookmarks.map((b) => b.s3UriWithoutScheme)).toEqual(["user-alice/"]);
    expect(profiles[1]?.bookmarks).toEqual([
      { s3UriWithoutScheme: "user-alice/", title: "Personal", origin: "region" },
      {
        s3UriWithoutScheme: "projet-team-a/",
        title: { en: "Project team-a", fr: "Projet team-a" },
        origin: "region",
      },
      {
        s3UriWithoutScheme: "projet-secret/",
        title: { en: "Project secret", fr: "Projet secret" },
        origin: "region",
      },
    ]);
  });

  it("a user without the claim gets no templated profile", () => {
    expect(
      deriveRegionProfiles(model, { preferred_username: "carol" }).profiles.map(
        (p) => p.profileName,
      ),
    ).toEqual(["default"]);
  });

  it("picks default, else the first region profile, else the first", () => {
    expect(
      pickDefaultProfileName([
        { profileName: "a", origin: "user" },
        { profileName: "default", origin: "region" },
      ]),
    ).toBe("default");
    expect(
      pickDefaultProfileName([
        { profileName: "a", origin: "user" },
        { profileName: "r", origin: "region" },
      ]),
    ).toBe("r");
    expect(pickDefaultProfileName([{ profileName: "a", origin: "user" }])).toBe("a");
    expect(pickDefaultProfileName([])).toBeUndefined();
  });
});
