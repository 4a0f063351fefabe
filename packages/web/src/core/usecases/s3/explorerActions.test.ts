import { PUBLIC_GET_OBJECT_SID } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import {
  createFolder,
  deleteSelection,
  listAll,
  move,
  setPrefixPublic,
  shareLink,
  zipPrefix,
  type ExplorerContext,
} from "./explorerActions.ts";
import { S3Error } from "../../ports/s3.ts";
import { createUploadQueue, planUpload, type UploadItem } from "./uploadQueue.ts";
import { createFakeS3, put, text } from "./fakeS3.ts";

const B = "user-alice";

function setup(pageSize = 1000) {
  const s3 = createFakeS3([B, "projet-team-a"], pageSize);
  const log: string[] = [];
  const ctx: ExplorerContext = { s3, log: (c) => log.push(c) };
  return { s3, ctx, log };
}

describe("listing", () => {
  it("lists one level with folders and pages through 10,000 objects", async () => {
    const { s3, ctx, log } = setup();
    for (let i = 0; i < 10_000; i++) put(s3, B, `big/f${String(i).padStart(5, "0")}.csv`);
    put(s3, B, "big/sub/x.csv");
    const pages: number[] = [];
    const listing = await listAll(ctx, B, "big/", { onPage: (l) => pages.push(l.objects.length) });
    expect(listing.objects).toHaveLength(10_000);
    expect(listing.prefixes).toEqual(["big/sub/"]);
    // 10,001 entries (the folder sorts last): 11 pages of 1000.
    expect(pages).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 10_000]);
    expect(log).toEqual([`mc ls s3/${B}/big/`]);
  });

  it("reports a missing bucket as noSuchBucket", async () => {
    const { ctx } = setup();
    await expect(listAll(ctx, "nope", "")).rejects.toMatchObject({ kind: "noSuchBucket" });
  });
});

describe("uploads", () => {
  const items = (paths: string[]): UploadItem[] =>
    paths.map((p) => ({ relativePath: p, file: text(`content of ${p}`) }));

  it("keeps relative keys of nested folders, logs mc cp --recursive, and reports progress", async () => {
    const { s3, ctx, log } = setup();
    const plan = await planUpload(
      ctx,
      B,
      "in/",
      items(["photos/a.jpg", "photos/2024/b.jpg", "notes.txt"]),
    );
    expect(plan.invalid).toEqual([]);
    const snapshots: number[] = [];
    const queue = createUploadQueue(ctx, {
      concurrency: 2,
      onChange: (s) => snapshots.push(s.active),
    });
    queue.enqueue(plan);
    await queue.idle();
    expect([...s3.buckets.get(B)!.keys()].sort()).toEqual([
      "in/notes.txt",
      "in/photos/2024/b.jpg",
      "in/photos/a.jpg",
    ]);
    expect(Math.max(...snapshots)).toBe(2);
    const final = queue.snapshot();
    expect(final.tasks.every((t) => t.status === "done")).toBe(true);
    expect(final.loaded).toBe(final.total);
    expect(log).toContain(`mc cp ./notes.txt s3/${B}/in/notes.txt`);
    expect(log).toContain(`mc cp --recursive ./photos s3/${B}/in/`);
  });

  it("detects overwrites before sending and can skip them", async () => {
    const { s3, ctx } = setup();
    put(s3, B, "in/a.txt", "old");
    const plan = await planUpload(ctx, B, "in/", items(["a.txt", "b.txt", "c/d.txt", "c/e.txt"]));
    expect(plan.existing).toEqual(["in/a.txt"]);
    const queue = createUploadQueue(ctx);
    queue.enqueue(plan, { skipExisting: true });
    await queue.idle();
    expect(new TextDecoder().decode(s3.buckets.get(B)!.get("in/a.txt"))).toBe("old");
    expect(s3.buckets.get(B)!.has("in/b.txt")).toBe(true);
  });

  it("refuses names S3 refuses, and accepts a 0-byte file", async () => {
    const { s3, ctx } = setup();
    const plan = await planUpload(ctx, B, "", [
      { relativePath: "bad/../x.txt", file: text("x") },
      { relativePath: "empty.txt", file: new Blob([]) },
    ]);
    expect(plan.invalid).toEqual([
      { relativePath: "bad/../x.txt", problem: expect.stringMatching(/"\." or "\.\."/) },
    ]);
    const queue = createUploadQueue(ctx);
    queue.enqueue(plan);
    await queue.idle();
    expect(s3.buckets.get(B)!.get("empty.txt")?.byteLength).toBe(0);
  });

  it("cancels an upload midway (nothing stored) and retries it", async () => {
    const { s3, ctx } = setup();
    const queue = createUploadQueue(ctx);
    let release: () => void = () => {};
    s3.duringUpload = () => new Promise<void>((resolve) => (release = resolve));
    const [task] = queue.enqueue(await planUpload(ctx, B, "", items(["big.bin"])));
    await new Promise((r) => setTimeout(r, 0));
    queue.cancel(task!.id);
    release();
    await queue.idle();
    expect(queue.snapshot().tasks[0]?.status).toBe("cancelled");
    expect(s3.buckets.get(B)!.has("big.bin")).toBe(false);
    s3.duringUpload = undefined;
    queue.retry(task!.id);
    await queue.idle();
    expect(queue.snapshot().tasks[0]?.status).toBe("done");
    expect(s3.buckets.get(B)!.has("big.bin")).toBe(true);
  });

  it("marks a refused upload failed with its reason, others go on", async () => {
    const { s3, ctx } = setup();
    s3.beforeCall = (op) => {
      if (op === "upload" && s3.calls.filter((c) => c.startsWith("upload")).length === 1)
        throw new S3Error("accessDenied", "Access Denied");
    };
    const queue = createUploadQueue(ctx, { concurrency: 1 });
    queue.enqueue(await planUpload(ctx, B, "", items(["1.txt", "2.txt"])));
    await queue.idle();
    expect(queue.snapshot().tasks.map((t) => [t.status, t.error?.kind])).toEqual([
      ["failed", "accessDenied"],
      ["done", undefined],
    ]);
  });
});

describe("delete, folders, move", () => {
  it("deletes objects and prefixes recursively in batches of 1000", async () => {
    const { s3, ctx, log } = setup();
    for (let i = 0; i < 2500; i++) put(s3, B, `old/${i}`);
    put(s3, B, "keep.txt");
    put(s3, B, "single.txt");
    const result = await deleteSelection(ctx, B, { keys: ["single.txt"], prefixes: ["old/"] });
    expect(result).toEqual({ deleted: 2501, failed: [] });
    expect([...s3.buckets.get(B)!.keys()]).toEqual(["keep.txt"]);
    expect(s3.calls.filter((c) => c.startsWith("delete"))).toEqual([
      `delete(1000) ${B}`,
      `delete(1000) ${B}`,
      `delete(501) ${B}`,
    ]);
    expect(log).toEqual([`mc rm s3/${B}/single.txt`, `mc rm --recursive --force s3/${B}/old/`]);
  });

  it("creates a folder with a marker and refuses a bad name", async () => {
    const { s3, ctx } = setup();
    expect(await createFolder(ctx, B, "a/", "new")).toBe("a/new/");
    expect(s3.buckets.get(B)!.has("a/new/.keep")).toBe(true);
    await expect(createFolder(ctx, B, "a/", "..")).rejects.toMatchObject({ kind: "invalidName" });
  });

  it("moves a prefix (copy then delete) and refuses to overwrite or move into itself", async () => {
    const { s3, ctx } = setup();
    put(s3, B, "src/a", "A");
    put(s3, B, "src/d/b", "B");
    expect(await move(ctx, B, "src/", "dst/")).toEqual({ moved: 2 });
    expect([...s3.buckets.get(B)!.keys()].sort()).toEqual(["dst/a", "dst/d/b"]);
    put(s3, B, "x", "X");
    await expect(move(ctx, B, "x", "dst/a")).rejects.toThrow(/already exist/);
    await expect(move(ctx, B, "dst/", "dst/inner/")).rejects.toThrow(/into itself/);
    expect(s3.buckets.get(B)!.has("x")).toBe(true);
  });
});

describe("share and public/private", () => {
  it("pre-signs for the chosen duration, or gives the plain URL once public", async () => {
    const { s3, ctx, log } = setup();
    put(s3, B, "pub/f.csv");
    const signed = await shareLink(ctx, B, "pub/f.csv", "1d", 0);
    expect(signed).toEqual({
      url: expect.stringContaining("X-Amz-Expires=86400"),
      isPublic: false,
      expiresAt: new Date(86_400_000),
    });
    await setPrefixPublic(ctx, B, "pub/", true);
    expect(JSON.parse(s3.policies.get(B)!).Statement[0].Sid).toBe(PUBLIC_GET_OBJECT_SID);
    expect(await shareLink(ctx, B, "pub/f.csv", "1h")).toEqual({
      url: `https://fake-s3/${B}/pub/f.csv`,
      isPublic: true,
    });
    await setPrefixPublic(ctx, B, "pub/", false);
    expect(s3.policies.has(B)).toBe(false);
    expect(log).toEqual([
      `mc share download --expire 24h s3/${B}/pub/f.csv`,
      `mc anonymous set download s3/${B}/pub/`,
      `mc anonymous set none s3/${B}/pub/`,
    ]);
  });
});

describe("zip", () => {
  it("streams a zip of a folder with relative names, without the folder markers", async () => {
    const { s3, ctx } = setup();
    put(s3, B, "z/a.txt", "hello");
    put(s3, B, "z/sub/b.txt", "world");
    put(s3, B, "z/sub/.keep", "");
    const bytes = new Uint8Array(await new Response(zipPrefix(ctx, B, "z/")).arrayBuffer());
    const { unzipSync, strFromU8 } = await import("fflate");
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(["a.txt", "sub/b.txt"]);
    expect(strFromU8(files["sub/b.txt"]!)).toBe("world");
  });
});
