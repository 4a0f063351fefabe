import { describe, expect, it } from "vitest";
import { s3Adapter } from "../../adapters/s3Client.ts";
import { S3Error, type AssumeRoleRequest } from "../../ports/s3.ts";
import {
  mergeProfiles,
  openProfileSession,
  regionS3Profiles,
  s3ProfilesForContext,
} from "./profiles.ts";
import { createStsCredentialsProvider } from "./stsCredentials.ts";

function fakeSts() {
  const requests: AssumeRoleRequest[] = [];
  let clock = 1_000_000;
  let n = 0;
  return {
    requests,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    assumeRole: async (request: AssumeRoleRequest) => {
      requests.push(request);
      n += 1;
      return {
        accessKeyId: `AK${n}`,
        secretAccessKey: `SK${n}`,
        sessionToken: `T${n}`,
        expiration: new Date(clock + request.durationSeconds * 1000),
      };
    },
  };
}

describe("STS credentials cache", () => {
  it("reuses credentials until 90 % of their lifetime, then renews with a fresh token", async () => {
    const sts = fakeSts();
    let tokens = 0;
    const provider = createStsCredentialsProvider({
      stsUrl: "https://sts",
      region: "us-east-1",
      durationSeconds: 1000,
      roleSessionName: "onyxia",
      getAccessToken: async () => `token-${++tokens}`,
      assumeRole: sts.assumeRole,
      now: sts.now,
    });
    expect((await provider.get()).accessKeyId).toBe("AK1");
    sts.advance(899_000);
    expect((await provider.get()).accessKeyId).toBe("AK1");
    sts.advance(2_000);
    expect((await provider.get()).accessKeyId).toBe("AK2");
    expect(sts.requests.map((r) => r.webIdentityToken)).toEqual(["token-1", "token-2"]);
    expect(sts.requests[0]).not.toHaveProperty("roleArn");
  });

  it("shares one STS request between concurrent callers and renews after invalidate", async () => {
    const sts = fakeSts();
    const provider = createStsCredentialsProvider({
      stsUrl: "https://sts",
      region: "us-east-1",
      durationSeconds: 3600,
      roleArn: "arn:role",
      roleSessionName: "s",
      getAccessToken: async () => "t",
      assumeRole: sts.assumeRole,
      now: sts.now,
    });
    const [a, b] = await Promise.all([provider.get(), provider.get()]);
    expect(a).toBe(b);
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]?.roleArn).toBe("arn:role");
    provider.invalidate();
    expect((await provider.get()).accessKeyId).toBe("AK2");
  });

  it("survives a reload through storage", async () => {
    const sts = fakeSts();
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    const options = {
      stsUrl: "https://sts",
      region: "us-east-1",
      durationSeconds: 3600,
      roleSessionName: "s",
      getAccessToken: async () => "t",
      assumeRole: sts.assumeRole,
      now: sts.now,
      storage,
      storageKey: "k",
    };
    await createStsCredentialsProvider(options).get();
    const again = await createStsCredentialsProvider(options).get();
    expect(again.accessKeyId).toBe("AK1");
    expect(again.expiration).toBeInstanceOf(Date);
    expect(sts.requests).toHaveLength(1);
  });
});

describe("profiles for the launcher", () => {
  const regionData = {
    S3: {
      URL: "http://127.0.0.1:39000",
      sts: {
        durationSeconds: 3600,
        role: [
          { profileName: "team-$1", roleARN: "", roleSessionName: "o", claimName: "groups" },
          { profileName: "default", roleARN: "", roleSessionName: "o" },
        ],
      },
    },
  };

  it("fills s3 profiles with live credentials, default first", async () => {
    const sts = fakeSts();
    const { profiles } = regionS3Profiles(regionData, { groups: ["team-a"] });
    const custom = {
      profileName: "mine",
      origin: "user" as const,
      url: "https://other",
      region: "eu",
      pathStyleAccess: false,
      credentials: { accessKeyId: "U", secretAccessKey: "US" },
      bookmarks: [],
    };
    const sessions = mergeProfiles(profiles, [custom]).map((p) =>
      openProfileSession(p, {
        getAccessToken: async () => "tok",
        adapter: { ...s3Adapter, assumeRole: sts.assumeRole },
        now: sts.now,
      }),
    );
    const context = await s3ProfilesForContext(sessions, { canInjectPersonalInfos: true });
    expect(context.map((p) => [p.profileName, p.isDefault, p.credentials?.accessKeyId])).toEqual([
      ["team-team-a", false, "AK1"],
      ["default", true, "AK2"],
      ["mine", false, "U"],
    ]);
    expect(context[1]?.credentials?.sessionToken).toBe("T2");
  });

  it("leaves region profiles out when personal infos are not injected (group projects)", async () => {
    const sts = fakeSts();
    const { profiles } = regionS3Profiles(regionData, { groups: [] });
    const custom = {
      profileName: "mine",
      origin: "user" as const,
      url: "https://other",
      region: "eu",
      pathStyleAccess: false,
      bookmarks: [],
    };
    const sessions = mergeProfiles(profiles, [custom]).map((p) =>
      openProfileSession(p, {
        getAccessToken: async () => "tok",
        adapter: { ...s3Adapter, assumeRole: sts.assumeRole },
      }),
    );
    const context = await s3ProfilesForContext(sessions, { canInjectPersonalInfos: false });
    expect(context).toEqual([
      {
        profileName: "mine",
        isDefault: true,
        url: "https://other",
        region: "eu",
        pathStyleAccess: false,
      },
    ]);
    expect(sts.requests).toHaveLength(0);
  });

  it("reports the v10 format as a warning", () => {
    const { warnings } = regionS3Profiles(
      {
        S3: {
          URL: "https://m",
          sts: {},
          workingDirectory: { bucketMode: "multi", bucketNamePrefix: "user-" },
        },
      },
      {},
    );
    expect(warnings[0]).toMatch(/v10 format/);
    expect(new S3Error("other", "x")).toBeInstanceOf(Error);
  });
});
