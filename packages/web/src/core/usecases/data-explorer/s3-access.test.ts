// The data explorer's bridge to the S3 feature, on the in-memory S3 fake: which profile reads a
// bucket, the errors a user sees (missing, refused, no profile), the upload of a saved result, and
// the session's checks of a "Save to S3" path.
import { describe, expect, it } from "vitest";
import { S3Error } from "../../ports/s3.ts";
import type { TabularEngine } from "../../ports/tabularEngine.ts";
import { createFakeS3 } from "../s3/fakeS3.ts";
import type { ProfileSession } from "../s3/profiles.ts";
import { createS3Bridge } from "./s3-access.ts";
import { ExplorerSession, exportFormatOf } from "./session.ts";

function profileSession(name: string, buckets: string[], bookmarked: string[]): ProfileSession {
  const client = createFakeS3(buckets);
  return {
    profile: {
      profileName: name,
      origin: "user",
      url: `https://${name}.example`,
      region: "eu-west-3",
      pathStyleAccess: true,
      credentials: { accessKeyId: `${name}-key`, secretAccessKey: `${name}-secret` },
      bookmarks: bookmarked.map((b) => ({
        s3UriWithoutScheme: `${b}/`,
        title: b,
        origin: "user" as const,
      })),
    },
    client: Object.assign(client, {
      endpoint: { url: `https://${name}.example`, region: "eu-west-3", pathStyleAccess: true },
      currentCredentials: async () => ({
        accessKeyId: `${name}-key`,
        secretAccessKey: `${name}-secret`,
      }),
    }),
  };
}

function bridgeOver(sessions: ProfileSession[], defaultProfileName?: string) {
  return createS3Bridge(
    {
      profiles: async () => ({ sessions, warnings: [], defaultProfileName }),
      credentials: (session) => session.client.currentCredentials(),
    },
    () => ({
      region: undefined,
      projectStorageId: "p",
      canInjectPersonalInfos: true,
      userKey: "u",
    }),
  );
}

const put = (session: ProfileSession, bucket: string, key: string, text: string) =>
  session.client.upload({ bucket, key, body: new Blob([text]) });

describe("the data explorer's S3 bridge", () => {
  it("reads a bucket with the profile whose bookmarks name it, else the default one", async () => {
    const main = profileSession("default", ["user-a"], ["user-a"]);
    const other = profileSession("team", ["team-b"], ["team-b"]);
    await put(main, "user-a", "x.csv", "a\n1\n");
    await put(other, "team-b", "y.csv", "b\n22\n");
    const bridge = bridgeOver([main, other], "default");
    const a = await bridge.access({ bucket: "user-a", key: "x.csv" });
    expect(a).toMatchObject({ endpoint: "https://default.example", region: "eu-west-3", size: 4 });
    expect(a.credentials?.accessKeyId).toBe("default-key");
    const b = await bridge.access({ bucket: "team-b", key: "y.csv" });
    expect(b.credentials?.accessKeyId).toBe("team-key");
    expect(b.size).toBe(5);
  });

  it("says which object is missing or refused, and when there is no profile at all", async () => {
    const main = profileSession("default", ["user-a"], ["user-a"]);
    const bridge = bridgeOver([main], "default");
    await expect(bridge.access({ bucket: "user-a", key: "nope.parquet" })).rejects.toMatchObject({
      kind: "not-found",
      message: expect.stringContaining("s3://user-a/nope.parquet"),
    });
    (main.client as ReturnType<typeof createFakeS3>).beforeCall = () => {
      throw new S3Error("accessDenied", "Access Denied", "AccessDenied");
    };
    await expect(bridge.access({ bucket: "user-a", key: "x.csv" })).rejects.toMatchObject({
      kind: "access-denied",
    });
    await expect(bridgeOver([]).access({ bucket: "b-b", key: "k.csv" })).rejects.toMatchObject({
      kind: "access-denied",
      message: expect.stringContaining("No S3 profile"),
    });
  });

  it("uploads a result with the bucket's profile", async () => {
    const main = profileSession("default", ["user-a"], ["user-a"]);
    await bridgeOver([main], "default").upload(
      { bucket: "user-a", key: "out/r.csv" },
      new TextEncoder().encode("n\n3\n"),
      "text/csv",
    );
    const stored = (main.client as ReturnType<typeof createFakeS3>).buckets
      .get("user-a")
      ?.get("out/r.csv");
    expect(new TextDecoder().decode(stored)).toBe("n\n3\n");
  });
});

describe("Save to S3 in the explorer session", () => {
  const engine = (exported: string[]): TabularEngine => ({
    open: async () => ({
      detected: { format: "csv", gzip: false },
      location: "x",
      readInPlace: false,
    }),
    run: async () => ({ columns: [], rows: [], truncated: false }),
    export: async (sql, format) => {
      exported.push(`${format}:${sql}`);
      return new TextEncoder().encode(format);
    },
    dispose: async () => undefined,
  });

  it("writes the format the key names, and refuses other paths with a reason", async () => {
    expect([
      exportFormatOf("a/b.CSV"),
      exportFormatOf("r.parquet"),
      exportFormatOf("r.json"),
    ]).toEqual(["csv", "parquet", undefined]);
    const main = profileSession("default", ["user-a"], ["user-a"]);
    const exported: string[] = [];
    const session = new ExplorerSession(engine(exported), { s3: bridgeOver([main], "default") });
    expect(await session.saveToS3("s3://user-a/out/r.parquet")).toBe("s3://user-a/out/r.parquet");
    expect(exported).toEqual(["parquet:SELECT * FROM data"]);
    const stored = (main.client as ReturnType<typeof createFakeS3>).buckets.get("user-a");
    expect(new TextDecoder().decode(stored?.get("out/r.parquet"))).toBe("parquet");
    await expect(session.saveToS3("s3://user-a/out/r.json")).rejects.toThrow(/\.csv or \.parquet/);
    await expect(session.saveToS3("https://h/r.csv")).rejects.toThrow(/s3:\/\/bucket/);
    await expect(
      new ExplorerSession(engine([])).saveToS3("s3://user-a/r.csv"),
    ).rejects.toMatchObject({ kind: "access-denied" });
  });
});
