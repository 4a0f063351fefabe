// The browser's S3 adapter (AWS SDK, STS with alice's OIDC token) run in Node against the stack's
// real MinIO: nested folder upload, listing, share link, public/private, move, recursive delete,
// isolation from carol's bucket, a 0-byte file, a refused name, a cancelled multipart upload.
import { createHash, randomBytes } from "node:crypto";
import { ListMultipartUploadsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  S3_ENDPOINT,
  S3_REGION,
  stackS3RegionData,
} from "../../../stack/components/minio/config.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  createAwsS3Client,
  s3Adapter,
  sdkAssumeRoleWithWebIdentity,
} from "../src/core/adapters/s3Client.ts";
import {
  deleteSelection,
  listAll,
  move,
  setPrefixPublic,
  shareLink,
  zipPrefix,
  type ExplorerContext,
} from "../src/core/usecases/s3/explorerActions.ts";
import { S3Error, type S3ClientPort } from "../src/core/ports/s3.ts";
import { openProfileSession, regionS3Profiles } from "../src/core/usecases/s3/profiles.ts";
import {
  createUploadQueue,
  planUpload,
  type UploadItem,
} from "../src/core/usecases/s3/uploadQueue.ts";

const BUCKET = "user-alice";
const run = `s3-adapter-${Date.now()}`;
const regionData = stackS3RegionData();

let client: S3ClientPort;
let ctx: ExplorerContext;
const commands: string[] = [];

beforeAll(async () => {
  const token = await getToken("alice");
  const { profiles } = regionS3Profiles(regionData, { preferred_username: "alice" });
  client = openProfileSession(profiles[0]!, {
    getAccessToken: async () => token,
    adapter: s3Adapter,
  }).client;
  ctx = { s3: client, log: (c) => commands.push(c) };
});

afterAll(async () => {
  if (ctx) await deleteSelection(ctx, BUCKET, { keys: [], prefixes: [`${run}/`] });
});

const file = (text: string) => new Blob([text]);

describe("S3 adapter on the stack's MinIO, as alice", () => {
  it("uploads a nested folder keeping relative keys, lists it, zips it", async () => {
    const items: UploadItem[] = [
      { relativePath: "data/a.csv", file: file("x,y\n1,2\n") },
      { relativePath: "data/sub/b.txt", file: file("hello") },
      { relativePath: "data/sub/deeper/c.txt", file: file("deep") },
      { relativePath: "empty.bin", file: new Blob([]) },
    ];
    const plan = await planUpload(ctx, BUCKET, `${run}/`, items);
    expect(plan.existing).toEqual([]);
    const queue = createUploadQueue(ctx, { concurrency: 3 });
    queue.enqueue(plan);
    await queue.idle();
    expect(queue.snapshot().tasks.map((t) => t.status)).toEqual(["done", "done", "done", "done"]);

    const top = await listAll(ctx, BUCKET, `${run}/`);
    expect(top.prefixes).toEqual([`${run}/data/`]);
    expect(top.objects.map((o) => [o.key, o.size])).toEqual([[`${run}/empty.bin`, 0]]);
    const all = await listAll(ctx, BUCKET, `${run}/`, { recursive: true });
    expect(all.objects.map((o) => o.key).sort()).toEqual(
      [
        `${run}/data/a.csv`,
        `${run}/data/sub/b.txt`,
        `${run}/data/sub/deeper/c.txt`,
        `${run}/empty.bin`,
      ].sort(),
    );
    const again = await planUpload(ctx, BUCKET, `${run}/`, items.slice(0, 1));
    expect(again.existing).toEqual([`${run}/data/a.csv`]);

    const zip = new Uint8Array(
      await new Response(zipPrefix(ctx, BUCKET, `${run}/data/`)).arrayBuffer(),
    );
    const { unzipSync, strFromU8 } = await import("fflate");
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["a.csv", "sub/b.txt", "sub/deeper/c.txt"]);
    expect(strFromU8(files["sub/deeper/c.txt"]!)).toBe("deep");
  });

  it("shares a pre-signed link that works without credentials, then makes the prefix public and private", async () => {
    const key = `${run}/data/a.csv`;
    const link = await shareLink(ctx, BUCKET, key, "1h");
    expect(link.isPublic).toBe(false);
    expect(link.url).toContain("X-Amz-Signature=");
    const fetched = await fetch(link.url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe("x,y\n1,2\n");

    const plain = client.publicUrl(BUCKET, key);
    expect((await fetch(plain)).status).toBe(403);
    await setPrefixPublic(ctx, BUCKET, `${run}/data/`, true);
    try {
      expect((await fetch(plain)).status).toBe(200);
      expect((await shareLink(ctx, BUCKET, key, "7d")).isPublic).toBe(true);
      // Only that prefix: the 0-byte file beside it stays private.
      expect((await fetch(client.publicUrl(BUCKET, `${run}/empty.bin`))).status).toBe(403);
    } finally {
      await setPrefixPublic(ctx, BUCKET, `${run}/data/`, false);
    }
    expect((await fetch(plain)).status).toBe(403);
  });

  it("moves a folder (copy then delete) and deletes a prefix recursively", async () => {
    expect(await move(ctx, BUCKET, `${run}/data/sub/`, `${run}/moved/`)).toEqual({ moved: 2 });
    const all = await listAll(ctx, BUCKET, `${run}/`, { recursive: true });
    expect(all.objects.map((o) => o.key).sort()).toEqual(
      [
        `${run}/data/a.csv`,
        `${run}/empty.bin`,
        `${run}/moved/b.txt`,
        `${run}/moved/deeper/c.txt`,
      ].sort(),
    );
    const result = await deleteSelection(ctx, BUCKET, {
      keys: [`${run}/empty.bin`],
      prefixes: [`${run}/moved/`],
    });
    expect(result).toEqual({ deleted: 3, failed: [] });
    const left = await listAll(ctx, BUCKET, `${run}/`, { recursive: true });
    expect(left.objects.map((o) => o.key)).toEqual([`${run}/data/a.csv`]);
    expect(commands).toContain(`mc rm --recursive --force s3/${BUCKET}/${run}/moved/`);
  });

  it("is refused carol's bucket, and a missing bucket is reported as such", async () => {
    await expect(listAll(ctx, "user-carol", "")).rejects.toMatchObject({ kind: "accessDenied" });
    const upload = client.upload({ bucket: "user-carol", key: `${run}.txt`, body: file("no") });
    await expect(upload).rejects.toMatchObject({ kind: "accessDenied" });
    await expect(listAll(ctx, `user-alice-missing-${Date.now()}`, "")).rejects.toSatisfy(
      (e: S3Error) => e.kind === "noSuchBucket" || e.kind === "accessDenied",
    );
  });

  it("refuses a name S3 refuses before sending it (and MinIO refuses it too)", async () => {
    const bad = `${run}/a//b.txt`;
    await expect(
      client.upload({ bucket: BUCKET, key: bad, body: file("x") }),
    ).rejects.toMatchObject({
      kind: "invalidName",
    });
    const credentials = await client.currentCredentials();
    const raw = new S3Client({
      endpoint: S3_ENDPOINT,
      region: S3_REGION,
      forcePathStyle: true,
      credentials: credentials!,
    });
    try {
      await expect(
        raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${run}/a/../b.txt`, Body: "x" })),
      ).rejects.toThrow();
    } finally {
      raw.destroy();
    }
  });

  it("a multipart upload (parts sliced from the file) arrives byte for byte, with progress per part", async () => {
    const bytes = randomBytes(17 * 1024 * 1024 + 123);
    const key = `${run}/multipart.bin`;
    const progress: number[] = [];
    await client.upload({
      bucket: BUCKET,
      key,
      body: new Blob([bytes]),
      onProgress: (p) => progress.push(p.loaded),
    });
    // 8 MiB parts (8 + 8 + 1 MiB and 123 bytes), finishing in any order: 0, then one report each.
    expect(progress).toHaveLength(4);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(bytes.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const got = await client.getObject(BUCKET, key);
    const back = Buffer.from(await new Response(got.body).arrayBuffer());
    expect(createHash("sha256").update(back).digest("hex")).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
  });

  it("a cancelled multipart upload leaves no object and no parts", async () => {
    const token = await getToken("alice");
    const small = createAwsS3Client({
      url: S3_ENDPOINT,
      region: S3_REGION,
      pathStyleAccess: true,
      partSize: 5 * 1024 * 1024,
      partConcurrency: 1,
      credentials: {
        kind: "static",
        credentials: await sdkAssumeRoleWithWebIdentity({
          stsUrl: S3_ENDPOINT,
          region: S3_REGION,
          webIdentityToken: token,
          durationSeconds: 900,
          roleSessionName: "test",
        }),
      },
    });
    const key = `${run}/cancelled.bin`;
    const controller = new AbortController();
    const body = new Blob([new Uint8Array(40 * 1024 * 1024)]);
    let progressEvents = 0;
    const upload = small.upload({
      bucket: BUCKET,
      key,
      body,
      signal: controller.signal,
      onProgress: (p) => {
        progressEvents += 1;
        if (p.loaded > 0) controller.abort();
      },
    });
    await expect(upload).rejects.toMatchObject({ kind: "cancelled" });
    expect(progressEvents).toBeGreaterThan(1);
    expect(await small.headObject(BUCKET, key)).toBeUndefined();
    const credentials = await small.currentCredentials();
    const raw = new S3Client({
      endpoint: S3_ENDPOINT,
      region: S3_REGION,
      forcePathStyle: true,
      credentials: credentials!,
    });
    try {
      // Parts in flight when the upload was aborted may land later; the adapter looked again.
      const { Uploads } = await raw.send(
        new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }),
      );
      expect((Uploads ?? []).filter((u) => u.Key === key)).toEqual([]);
    } finally {
      raw.destroy();
    }
  });

  it("renews expired credentials and retries once", async () => {
    const token = await getToken("alice");
    let calls = 0;
    const expiredOnce = {
      kind: "sts" as const,
      get: async () => {
        calls += 1;
        if (calls === 1)
          return { accessKeyId: "EXPIREDKEY", secretAccessKey: "x", sessionToken: "y" };
        return sdkAssumeRoleWithWebIdentity({
          stsUrl: S3_ENDPOINT,
          region: S3_REGION,
          webIdentityToken: token,
          durationSeconds: 900,
          roleSessionName: "test",
        });
      },
      invalidate: () => undefined,
    };
    const renewing = createAwsS3Client({
      url: S3_ENDPOINT,
      region: S3_REGION,
      pathStyleAccess: true,
      credentials: expiredOnce,
    });
    const page = await renewing.listPage({ bucket: BUCKET, prefix: `${run}/`, delimiter: "/" });
    expect(page.prefixes).toEqual([`${run}/data/`]);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("reports S3 down as unreachable", async () => {
    const down = createAwsS3Client({
      url: "http://127.0.0.1:1",
      region: S3_REGION,
      pathStyleAccess: true,
      credentials: { kind: "static", credentials: { accessKeyId: "a", secretAccessKey: "b" } },
    });
    await expect(down.listPage({ bucket: BUCKET, prefix: "" })).rejects.toMatchObject({
      kind: "unreachable",
    });
  });
});
