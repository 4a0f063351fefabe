// The upload queue's mechanism on in-memory fakes: bounded parallelism, progress coalesced to at
// most one snapshot per interval (user actions and the end reported at once), per-file failures
// with retry, and one listing of the folder after a whole upload.
import { afterEach, describe, expect, it, vi } from "vitest";
import { S3Error } from "../../ports/s3.ts";
import type { ExplorerContext } from "./explorerActions.ts";
import { createExplorer } from "./explorerStore.ts";
import { createFakeS3 } from "./fakeS3.ts";
import {
  createUploadQueue,
  type QueueSnapshot,
  type UploadItem,
  type UploadPlan,
} from "./uploadQueue.ts";

const B = "user-alice";

const items = (n: number): UploadItem[] =>
  Array.from({ length: n }, (_, i) => ({
    relativePath: `bulk/d${i % 4}/f-${i}.txt`,
    file: new Blob([`file ${i}\n`]),
  }));

const planOf = (list: UploadItem[]): UploadPlan => ({
  bucket: B,
  prefix: "in/",
  uploads: list.map((item) => ({ key: `in/${item.relativePath}`, item })),
  invalid: [],
  existing: [],
});

/**
 * An S3 port whose upload reports progress `steps` times, `stepMs` apart (fake timers drive it),
 * counting the uploads in flight; `fail` names keys refused once.
 */
function steppedS3(options: { steps: number; stepMs: number; fail?: Set<string> }) {
  const stats = { inFlight: 0, maxInFlight: 0, started: [] as string[] };
  const s3 = {
    async upload(args: {
      key: string;
      body: Blob;
      onProgress?: (p: { loaded: number; total: number }) => void;
    }) {
      stats.started.push(args.key);
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        const size = args.body.size;
        args.onProgress?.({ loaded: 0, total: size });
        for (let step = 1; step <= options.steps; step++) {
          await new Promise((resolve) => setTimeout(resolve, options.stepMs));
          args.onProgress?.({ loaded: Math.round((size * step) / options.steps), total: size });
        }
        if (options.fail?.delete(args.key)) throw new S3Error("accessDenied", "Access Denied");
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
  return { ctx: { s3 } as unknown as ExplorerContext, stats };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("upload queue: parallelism", () => {
  it("keeps exactly `concurrency` uploads in flight until the queue drains, in order", async () => {
    vi.useFakeTimers();
    const { ctx, stats } = steppedS3({ steps: 2, stepMs: 7 });
    const queue = createUploadQueue(ctx, { concurrency: 6 });
    const list = items(50);
    queue.enqueue(planOf(list));
    expect(stats.inFlight).toBe(6);
    await vi.runAllTimersAsync();
    await queue.idle();
    expect(stats.maxInFlight).toBe(6);
    expect(stats.started).toEqual(list.map((i) => `in/${i.relativePath}`));
    const final = queue.snapshot();
    expect(final.tasks.every((t) => t.status === "done")).toBe(true);
    expect(final.loaded).toBe(final.total);
    expect(final.active).toBe(0);
  });

  it("starts a retried upload ahead of the queue's end, within the same bound", async () => {
    vi.useFakeTimers();
    const { ctx, stats } = steppedS3({
      steps: 1,
      stepMs: 5,
      fail: new Set(["in/bulk/d0/f-0.txt"]),
    });
    const queue = createUploadQueue(ctx, { concurrency: 2 });
    queue.enqueue(planOf(items(6)));
    await vi.runAllTimersAsync();
    await queue.idle();
    const failed = queue.snapshot().tasks.filter((t) => t.status === "failed");
    expect(failed.map((t) => [t.key, t.error?.kind])).toEqual([
      ["in/bulk/d0/f-0.txt", "accessDenied"],
    ]);
    queue.retry(failed[0]!.id);
    await vi.runAllTimersAsync();
    await queue.idle();
    expect(queue.snapshot().tasks.map((t) => t.status)).toEqual(Array(6).fill("done"));
    expect(stats.started).toHaveLength(7);
    expect(stats.maxInFlight).toBe(2);
  });
});

describe("upload queue: coalesced progress", () => {
  it("reports 200 uploads' ~1,400 changes in at most one snapshot per 100 ms, and keeps reporting during the upload", async () => {
    vi.useFakeTimers();
    const { ctx } = steppedS3({ steps: 4, stepMs: 10 });
    const snapshots: { at: number; snapshot: QueueSnapshot }[] = [];
    const queue = createUploadQueue(ctx, {
      concurrency: 6,
      notifyIntervalMs: 100,
      onChange: (snapshot) => snapshots.push({ at: Date.now(), snapshot }),
    });
    const start = Date.now();
    queue.enqueue(planOf(items(200)));
    // enqueue is reported at once, with the first uploads already running.
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.snapshot.active).toBe(6);
    const idle = queue.idle();
    await vi.runAllTimersAsync();
    await idle;
    const elapsed = Date.now() - start;
    // 34 rounds of 6 uploads × 40 ms.
    expect(elapsed).toBe(34 * 40);
    // ≤ 1 per 100 ms, plus the enqueue and the end reported at once.
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(snapshots.length).toBeGreaterThanOrEqual(Math.floor(elapsed / 100));
    const gaps = snapshots.slice(1, -1).map((s, i) => s.at - snapshots[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    // The progress moves between snapshots, and the last one is the final state.
    const done = snapshots.map((s) => s.snapshot.tasks.filter((t) => t.status === "done").length);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBeGreaterThan(5);
    const last = snapshots.at(-1)!.snapshot;
    expect(last.tasks.every((t) => t.status === "done")).toBe(true);
    expect(last.loaded).toBe(last.total);
    expect(last.active).toBe(0);
  });

  it("reports cancel and retry at once, between two progress snapshots", async () => {
    vi.useFakeTimers();
    const { ctx } = steppedS3({ steps: 4, stepMs: 10 });
    const snapshots: QueueSnapshot[] = [];
    const queue = createUploadQueue(ctx, {
      concurrency: 1,
      notifyIntervalMs: 100,
      onChange: (s) => snapshots.push(s),
    });
    const [, second] = queue.enqueue(planOf(items(3)));
    await vi.advanceTimersByTimeAsync(15); // within the interval: progress is held back
    const before = snapshots.length;
    queue.cancel(second!.id);
    expect(snapshots).toHaveLength(before + 1);
    expect(snapshots.at(-1)!.tasks[1]!.status).toBe("cancelled");
    queue.retry(second!.id);
    expect(snapshots).toHaveLength(before + 2);
    expect(snapshots.at(-1)!.tasks[1]!.status).toBe("queued");
    await vi.runAllTimersAsync();
    await queue.idle();
    expect(snapshots.at(-1)!.tasks.map((t) => t.status)).toEqual(["done", "done", "done"]);
  });

  it("keeps an unchanged task's object from one snapshot to the next", async () => {
    vi.useFakeTimers();
    const { ctx } = steppedS3({ steps: 1, stepMs: 10 });
    const queue = createUploadQueue(ctx, { concurrency: 1, notifyIntervalMs: 0 });
    queue.enqueue(planOf(items(3)));
    await vi.advanceTimersByTimeAsync(10);
    const a = queue.snapshot();
    await vi.advanceTimersByTimeAsync(10);
    const b = queue.snapshot();
    expect(a.tasks[0]!.status).toBe("done");
    expect(b.tasks[0]).toBe(a.tasks[0]);
    expect(b.tasks[1]).not.toBe(a.tasks[1]);
    expect(b.tasks[1]!.status).toBe("done");
  });
});

describe("explorer uploads", () => {
  it("shows the final state (with the failure) when upload() resolves, and lists the folder once", async () => {
    const s3 = createFakeS3([B]);
    s3.beforeCall = (op) => {
      if (op === "upload" && s3.calls.filter((c) => c.startsWith("upload")).length === 7)
        throw new S3Error("accessDenied", "Access Denied");
    };
    const explorer = createExplorer({ s3 });
    explorer.open(B, "in/");
    const plan = await explorer.planUpload(items(40));
    const listsBefore = s3.calls.filter((c) => c.startsWith("list")).length;
    await explorer.upload(plan, { overwrite: false });
    const { uploads } = explorer.getSnapshot();
    expect(uploads.tasks.map((t) => t.status).filter((s) => s !== "done")).toEqual(["failed"]);
    expect(uploads.tasks.find((t) => t.status === "failed")?.error?.kind).toBe("accessDenied");
    expect(uploads.active).toBe(0);
    expect(s3.calls.filter((c) => c.startsWith("list")).length - listsBefore).toBe(1);
    expect(s3.buckets.get(B)!.size).toBe(39);
    explorer.dispose();
  });
});
