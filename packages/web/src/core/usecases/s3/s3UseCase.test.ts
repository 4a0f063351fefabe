import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import type { S3Adapter, S3ClientOptions } from "../../ports/s3.ts";
import { createCommandLog } from "../command-log/commandLog.ts";
import { publicRegion } from "../../testing/contractFixtures.ts";
import { createFakeS3, memoryBookmarks } from "./fakeS3.ts";
import { createS3UseCase, regionHasS3, type S3Scope } from "./s3UseCase.ts";
import { browserS3Profiles, type UserS3ProfilesStorage } from "./userProfilesStorage.ts";
import { userProfileProblem } from "./userStore.ts";

const region = publicRegion({
  id: "local",
  data: {
    S3: {
      URL: "http://minio.local:9000",
      sts: {
        durationSeconds: 3600,
        role: [
          { profileName: "team-$1", roleARN: "", roleSessionName: "o", claimName: "groups" },
          { profileName: "default", roleARN: "", roleSessionName: "o" },
        ],
      },
      bookmarks: [{ s3Uri: "s3://user-$1/", title: "Mine", claimName: "preferred_username" }],
    },
  },
});

function setup(
  options: {
    accessToken?: string;
    profilesStorage?: (projectStorageId: string) => UserS3ProfilesStorage;
    accessTokenFor?: (override: { clientID?: string; audience?: string }) => Promise<string>;
  } = {},
) {
  const created: S3ClientOptions[] = [];
  let stsCalls = 0;
  const adapter: S3Adapter = {
    createClient(clientOptions) {
      created.push(clientOptions);
      const fake = createFakeS3([]);
      return {
        ...fake,
        currentCredentials: async () =>
          clientOptions.credentials.kind === "sts"
            ? clientOptions.credentials.get()
            : clientOptions.credentials.kind === "static"
              ? clientOptions.credentials.credentials
              : undefined,
      };
    },
    assumeRole: async (request) => {
      stsCalls += 1;
      return {
        accessKeyId: `AK-${request.webIdentityToken}-${stsCalls}`,
        secretAccessKey: "SK",
        sessionToken: "T",
      };
    },
  };
  let loads = 0;
  const local = memoryStorage();
  const s3 = createS3UseCase({
    loadAdapter: async () => {
      loads += 1;
      return adapter;
    },
    oidcTokens: () => ({
      accessToken: "accessToken" in options ? options.accessToken : "tok",
      idTokenClaims: { preferred_username: "alice", groups: ["team-a"] },
    }),
    ...(options.accessTokenFor ? { accessTokenFor: options.accessTokenFor } : {}),
    commandLog: createCommandLog(),
    userBookmarks: memoryBookmarks(),
    profilesStorage: options.profilesStorage ?? ((id) => browserS3Profiles(local, id)),
    sessionStorage: memoryStorage(),
  });
  const scope: S3Scope = {
    region,
    projectStorageId: "user-alice",
    canInjectPersonalInfos: true,
    userKey: "alice",
  };
  return { s3, scope, created, local, loads: () => loads, stsCalls: () => stsCalls };
}

describe("S3 use case", () => {
  it("tells whether a region has S3", () => {
    expect(regionHasS3(region)).toBe(true);
    expect(regionHasS3(publicRegion({ id: "x", data: {} }))).toBe(false);
    expect(regionHasS3(undefined)).toBe(false);
  });

  it("opens the region's templated profiles once, loading the adapter once", async () => {
    const { s3, scope, created, loads } = setup();
    const first = await s3.profiles(scope);
    const second = await s3.profiles(scope);
    expect(first.sessions.map((s) => s.profile.profileName)).toEqual(["team-team-a", "default"]);
    expect(first.defaultProfileName).toBe("default");
    expect(second.sessions[0]).toBe(first.sessions[0]);
    expect(created).toHaveLength(2);
    expect(loads()).toBe(1);
    expect(
      s3.bookmarks(first.sessions[1]!, {
        bookmarks: [],
        bookmarksDurable: false,
        profiles: [],
        profilesStatus: "ready",
        durable: false,
      }),
    ).toEqual([expect.objectContaining({ s3UriWithoutScheme: "user-alice/", origin: "region" })]);
  });

  it("does not load the SDK when the region has no S3 and the user no profile", async () => {
    const { s3, scope, loads } = setup();
    const view = await s3.profiles({ ...scope, region: publicRegion({ id: "x" }) });
    expect(view.sessions).toEqual([]);
    expect(loads()).toBe(0);
    await expect(
      s3.launchPart({ ...scope, region: publicRegion({ id: "x" }) }, undefined),
    ).resolves.toEqual({
      s3: undefined,
      warnings: [],
    });
  });

  it("gives the launcher every profile with live credentials, default first, and the s3= selection", async () => {
    const { s3, scope } = setup();
    const part = await s3.launchPart(scope, "team-team-a");
    expect(part.s3?.selectedProfileName).toBe("team-team-a");
    expect(part.s3?.profiles.map((p) => [p.profileName, p.isDefault])).toEqual([
      ["team-team-a", false],
      ["default", true],
    ]);
    expect(part.s3?.profiles[0]?.credentials?.accessKeyId).toMatch(/^AK-tok-/);
    await expect(s3.launchPart(scope, "nope")).rejects.toThrow(/"nope" does not exist/);
  });

  it("keeps region profiles out of a group project without personal infos; user profiles stay", async () => {
    const { s3, scope } = setup();
    await s3.userData("projet-x").saveProfile({
      profileName: "mine",
      url: "https://s3.example.org",
      region: "eu-west-3",
      pathStyleAccess: false,
      credentials: { accessKeyId: "U", secretAccessKey: "US" },
    });
    const part = await s3.launchPart(
      { ...scope, projectStorageId: "projet-x", canInjectPersonalInfos: false },
      undefined,
    );
    expect(part.s3?.profiles.map((p) => [p.profileName, p.credentials?.accessKeyId])).toEqual([
      ["mine", "U"],
    ]);
  });

  it("asks STS with the token of the region's STS client when sts.oidcConfiguration names one", async () => {
    const asked: unknown[] = [];
    const { s3, scope } = setup({
      accessTokenFor: async (override) => {
        asked.push(override);
        return "minio-client-token";
      },
    });
    const s3Data = (region.data as { S3: { sts: object } }).S3;
    const withClient = publicRegion({
      id: "local",
      data: {
        S3: {
          ...s3Data,
          sts: {
            ...s3Data.sts,
            oidcConfiguration: { clientID: "onyxia-minio", audience: "minio" },
          },
        },
      },
    });
    const [session] = (await s3.profiles({ ...scope, region: withClient })).sessions;
    // The fake STS names its credentials after the web identity token it was given.
    expect((await s3.credentials(session!))?.accessKeyId).toMatch(/^AK-minio-client-token-/);
    expect(asked[0]).toEqual({ clientID: "onyxia-minio", audience: "minio" });
    // Without an STS client the app's own token is used ("AK-tok-…", the launcher's test below).
  });

  it("renews STS credentials on demand, and fails clearly without a login", async () => {
    const { s3, scope, stsCalls } = setup();
    const [session] = (await s3.profiles(scope)).sessions;
    const first = await s3.credentials(session!);
    expect(await s3.credentials(session!)).toEqual(first);
    const renewed = await s3.credentials(session!, { renew: true });
    expect(renewed?.accessKeyId).not.toBe(first?.accessKeyId);
    expect(stsCalls()).toBe(2);

    const anonymous = setup({ accessToken: undefined });
    const [other] = (await anonymous.s3.profiles(anonymous.scope)).sessions;
    await expect(anonymous.s3.credentials(other!)).rejects.toThrow(/need a login/);
  });
});

describe("user bookmarks and profiles", () => {
  it("explains what is wrong with a user profile", () => {
    const ok = {
      profileName: "mine",
      url: "https://s3.example.org",
      region: "us-east-1",
      pathStyleAccess: true,
    };
    expect(userProfileProblem(ok, ["default"])).toBeUndefined();
    expect(userProfileProblem({ ...ok, profileName: "default" }, ["default"])).toMatch(
      /region profile/,
    );
    expect(userProfileProblem({ ...ok, profileName: "a b" }, [])).toMatch(/profile name/);
    expect(userProfileProblem({ ...ok, url: "ftp://x" }, [])).toMatch(/http/);
    expect(userProfileProblem({ ...ok, url: "https://k:s@x" }, [])).toMatch(/own fields/);
    expect(
      userProfileProblem({ ...ok, credentials: { accessKeyId: "A", secretAccessKey: "" } }, []),
    ).toMatch(/secret access key/);
  });
});
