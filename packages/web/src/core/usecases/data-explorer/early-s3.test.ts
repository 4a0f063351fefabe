// An s3:// source opened by the address, on in-memory fakes of the ports (the S3 client, STS, the
// session): its first page is read with the app once the session is known, the page's session
// takes it over, and one open asks S3 once (one STS call, one HEAD) for the first page and the
// engine together; a later refresh asks again.
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import type { S3Adapter } from "../../ports/s3.ts";
import type { FirstPageReader, OpenOptions, TabularEngine } from "../../ports/tabularEngine.ts";
import { publicRegion } from "../../testing/contractFixtures.ts";
import { createCommandLog } from "../command-log/commandLog.ts";
import { createFakeS3, memoryBookmarks, type FakeS3 } from "../s3/fakeS3.ts";
import { createS3UseCase, s3ScopeOf } from "../s3/s3UseCase.ts";
import { browserS3Profiles } from "../s3/userProfilesStorage.ts";
import type { LoadedSession } from "../session/sessionStore.ts";
import { startFirstPageEarly, takeFirstPageEarly } from "./early-first-page.ts";
import { createS3Bridge, s3BridgeWhenLoaded } from "./s3-access.ts";
import { ExplorerSession } from "./session.ts";
import type { S3AccessProvider } from "./source.ts";

const region = publicRegion({
  id: "local",
  data: {
    S3: {
      URL: "http://minio.local:9000",
      pathStyleAccess: true,
      sts: {
        durationSeconds: 3600,
        role: { profileName: "default", roleARN: "", roleSessionName: "o" },
      },
    },
  },
});
const loaded: LoadedSession = {
  configuration: { regions: [region] } as LoadedSession["configuration"],
  region: "local",
  userInfo: { idep: "alice" } as LoadedSession["userInfo"],
  auth: undefined,
  returnTo: undefined,
};
const URI = "s3://user-alice/dir/t.parquet";

function setup() {
  const clients: FakeS3[] = [];
  let stsCalls = 0;
  let adapterLoads = 0;
  const adapter: S3Adapter = {
    createClient(options) {
      const fake = createFakeS3(["user-alice"]);
      fake.buckets
        .get("user-alice")!
        .set("dir/t.parquet", new TextEncoder().encode("PAR1 rows PAR1"));
      clients.push(fake);
      return {
        ...fake,
        endpoint: { url: options.url, region: options.region, pathStyleAccess: true },
        currentCredentials: async () =>
          options.credentials.kind === "sts" ? options.credentials.get() : undefined,
      };
    },
    assumeRole: async () => {
      stsCalls += 1;
      return { accessKeyId: `AK${stsCalls}`, secretAccessKey: "SK", sessionToken: "T" };
    },
  };
  const s3 = createS3UseCase({
    loadAdapter: async () => {
      adapterLoads += 1;
      return adapter;
    },
    oidcTokens: () => ({ accessToken: "tok", idTokenClaims: { preferred_username: "alice" } }),
    commandLog: createCommandLog(),
    userBookmarks: memoryBookmarks(),
    profilesStorage: (id) => browserS3Profiles(memoryStorage(), id),
    sessionStorage: memoryStorage(),
  });
  // The page computes its scope from the same session.
  const scope = s3ScopeOf({ region, project: undefined, userInfo: loaded.userInfo }, false);
  const pageBridge = createS3Bridge(s3, () => scope);
  // Reads the object's tail (and size), then its start, through the S3 reader it is given.
  const reads: string[] = [];
  const reader: FirstPageReader = {
    async read(source, { s3Read }) {
      if (source.kind !== "s3" || !s3Read) return undefined;
      const target = { bucket: source.bucket, key: source.key };
      const tail = await s3Read(target, { suffix: 4 });
      const head = await s3Read(target, { start: 0, end: 3 });
      const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      reads.push(`${text(head.bytes)}…${text(tail.bytes)} ${tail.objectSize}`);
      return { columns: [{ name: "id", type: "Int64" }], rows: [{ id: 7 }], rowCount: 1 };
    },
  };
  // An engine that asks for its S3 access as DuckDB-WASM's does, and keeps the provider (refresh).
  const engineAccess: string[] = [];
  let provider: S3AccessProvider | undefined;
  const engine: TabularEngine = {
    async open(source, options: OpenOptions = {}) {
      provider = options.s3Access;
      if (source.kind === "s3" && provider) {
        const access = await provider({ bucket: source.bucket, key: source.key });
        engineAccess.push(`${access.size} ${access.credentials?.accessKeyId}`);
      }
      return { detected: { format: "parquet", gzip: false }, location: URI, readInPlace: true };
    },
    run: async () => ({ columns: [], rows: [], truncated: false }),
    export: async () => new Uint8Array(),
    dispose: async () => undefined,
  };
  const heads = () => clients.flatMap((c) => c.calls).filter((call) => call.startsWith("head"));
  return {
    s3,
    pageBridge,
    reader,
    reads,
    engine,
    engineAccess,
    refresh: () => provider!({ bucket: "user-alice", key: "dir/t.parquet" }),
    heads,
    stsCalls: () => stsCalls,
    adapterLoads: () => adapterLoads,
  };
}

const settle = async (until: () => boolean) => {
  for (let i = 0; i < 200 && !until(); i += 1) await new Promise((r) => setTimeout(r, 2));
};

describe("an s3:// Parquet source opened by the address", () => {
  it("is read once the session is known, and the page's open asks S3 nothing more", async () => {
    const t = setup();
    let resolveLoaded!: (session: LoadedSession) => void;
    const session = {
      whenLoaded: () => new Promise<LoadedSession>((resolve) => (resolveLoaded = resolve)),
      currentProject: () => undefined,
    };
    let readerLoads = 0;
    const started = startFirstPageEarly(
      `?source=${encodeURIComponent(URI)}`,
      async () => {
        readerLoads += 1;
        return t.reader;
      },
      { s3: () => s3BridgeWhenLoaded(t.s3, session, false) },
    );
    expect(started).toBe(true);
    await settle(() => false);
    // The SDK's chunk is asked for at once; nothing is read before the session is known.
    expect(t.adapterLoads()).toBe(1);
    expect(readerLoads).toBe(1);
    expect([t.heads().length, t.stsCalls(), t.reads.length]).toEqual([0, 0, 0]);

    resolveLoaded(loaded);
    await settle(() => t.reads.length > 0);
    expect(t.reads).toEqual(["PAR1…PAR1 14"]);

    const explorer = new ExplorerSession(t.engine, {
      s3: t.pageBridge,
      firstPage: async () => t.reader,
      earlyFirstPage: takeFirstPageEarly,
    });
    await explorer.open(URI, 1, 25);
    await settle(() => explorer.getState().view.rows.length > 0);
    expect(explorer.getState().view.rows).toEqual([{ id: 7 }]);
    // The page's session took the early read over and gave the engine the same access.
    expect(t.reads).toHaveLength(1);
    expect(t.engineAccess).toEqual(["14 AK1"]);
    expect(t.heads()).toEqual(["head user-alice"]);
    expect(t.stsCalls()).toBe(1);
    expect(t.adapterLoads()).toBe(1);
    // The engine's refresh after a refusal asks again (the credentials come from the cache).
    await t.refresh();
    expect(t.heads()).toHaveLength(2);
    expect(t.stsCalls()).toBe(1);
  });

  it("opened by the page alone, asks S3 once for the first page and the engine", async () => {
    const t = setup();
    const explorer = new ExplorerSession(t.engine, {
      s3: t.pageBridge,
      firstPage: async () => t.reader,
      earlyFirstPage: takeFirstPageEarly,
    });
    await explorer.open(URI, 2, 10);
    await settle(() => t.reads.length > 0);
    expect(t.reads).toEqual(["PAR1…PAR1 14"]);
    expect(t.engineAccess).toEqual(["14 AK1"]);
    expect(t.heads()).toEqual(["head user-alice"]);
    expect(t.stsCalls()).toBe(1);
  });

  it("is not read early without the S3 feature, nor for another page than the one opened", () => {
    const load = async () => ({ read: async () => undefined });
    expect(startFirstPageEarly(`?source=${encodeURIComponent(URI)}`, load)).toBe(false);
    expect(
      startFirstPageEarly(`?source=${encodeURIComponent(URI)}&page=2`, load, {
        s3: () => new Promise(() => undefined),
        unclaimedAfterMs: 50,
      }),
    ).toBe(true);
    expect(
      takeFirstPageEarly(
        { kind: "s3", uri: URI, bucket: "user-alice", key: "dir/t.parquet", path: "dir/t.parquet" },
        0,
        25,
      ),
    ).toBeUndefined();
    expect(
      takeFirstPageEarly(
        { kind: "s3", uri: URI, bucket: "user-alice", key: "dir/t.parquet", path: "dir/t.parquet" },
        25,
        25,
      )?.s3Access,
    ).toBeInstanceOf(Promise);
  });
});
