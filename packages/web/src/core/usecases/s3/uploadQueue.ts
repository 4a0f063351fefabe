// Uploads of files and whole folders (relative keys kept), with bounded concurrency, per-file and
// overall progress, cancel and retry. Overwrites are detected before anything is sent.
// Progress is reported coalesced: every start, progress event and end of an upload only marks the
// queue changed, and `onChange` sees at most one snapshot per `notifyIntervalMs` (100 ms: ≤10 Hz);
// what the user does (enqueue, cancel, retry) and the queue becoming idle are reported at once.
// In a browser each snapshot re-renders the page: one per progress event made 200 small files
// spend most of their time rendering (bench/s3-browser-upload.ts).
import { mcCommand, objectKeyProblem } from "@onyxia-ts/core";
import { findExistingKeys, type ExplorerContext } from "./explorerActions.ts";
import { S3Error } from "../../ports/s3.ts";

export interface UploadItem {
  /** Path relative to the drop target, "/"-separated: "a.csv" or "folder/sub/a.csv". */
  relativePath: string;
  file: Blob;
  contentType?: string;
}

export interface PlannedUpload {
  key: string;
  item: UploadItem;
}

export interface UploadPlan {
  bucket: string;
  prefix: string;
  uploads: PlannedUpload[];
  /** Items whose key S3 would refuse, with the reason. */
  invalid: { relativePath: string; problem: string }[];
  /** Keys that already exist: the UI asks before overwriting them. */
  existing: string[];
}

function normalizeRelativePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.?\/+/, "");
}

/** Checks every key and finds the existing ones; nothing is uploaded yet. */
export async function planUpload(
  ctx: ExplorerContext,
  bucket: string,
  prefix: string,
  items: readonly UploadItem[],
): Promise<UploadPlan> {
  const uploads: PlannedUpload[] = [];
  const invalid: UploadPlan["invalid"] = [];
  for (const item of items) {
    const key = prefix + normalizeRelativePath(item.relativePath);
    const problem = objectKeyProblem(key);
    if (problem) invalid.push({ relativePath: item.relativePath, problem });
    else uploads.push({ key, item });
  }
  const existing = await findExistingKeys(
    ctx,
    bucket,
    uploads.map((u) => u.key),
  );
  return { bucket, prefix, uploads, invalid, existing };
}

export type UploadStatus = "queued" | "uploading" | "done" | "failed" | "cancelled";

export interface UploadTask {
  id: number;
  bucket: string;
  key: string;
  size: number;
  loaded: number;
  status: UploadStatus;
  error?: S3Error;
}

export interface QueueSnapshot {
  tasks: readonly UploadTask[];
  loaded: number;
  total: number;
  active: number;
}

export interface UploadQueue {
  /** Queues the plan's uploads; with `skipExisting`, keys that exist are left out. */
  enqueue(plan: UploadPlan, options?: { skipExisting?: boolean }): UploadTask[];
  cancel(id: number): void;
  cancelAll(): void;
  /** Re-queues a failed or cancelled upload. */
  retry(id: number): void;
  snapshot(): QueueSnapshot;
  /** Resolves when nothing is queued or uploading. */
  idle(): Promise<void>;
}

export interface UploadQueueOptions {
  /** Uploads in flight at once (default 4). */
  concurrency?: number;
  /** Receives the queue's state, coalesced (see notifyIntervalMs). */
  onChange?: (snapshot: QueueSnapshot) => void;
  /** The least time between two progress snapshots, in ms (default 100; 0: every change). */
  notifyIntervalMs?: number;
  now?: () => number;
}

export function createUploadQueue(
  ctx: ExplorerContext,
  options: UploadQueueOptions = {},
): UploadQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const interval = Math.max(0, options.notifyIntervalMs ?? 100);
  const now = options.now ?? Date.now;
  const tasks: UploadTask[] = [];
  const items = new Map<number, UploadItem>();
  const controllers = new Map<number, AbortController>();
  let nextId = 1;
  let idleWaiters: (() => void)[] = [];
  /** The copies the last snapshot handed out: an unchanged task keeps its object. */
  const copies = new Map<number, UploadTask>();
  let dirty = false;
  let lastNotified = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const copyOf = (task: UploadTask): UploadTask => {
    const last = copies.get(task.id);
    if (
      last &&
      last.status === task.status &&
      last.loaded === task.loaded &&
      last.error === task.error
    )
      return last;
    const copy = { ...task };
    copies.set(task.id, copy);
    return copy;
  };
  const snapshot = (): QueueSnapshot => {
    let loaded = 0;
    let total = 0;
    for (const t of tasks)
      if (t.status !== "cancelled") {
        loaded += t.loaded;
        total += t.size;
      }
    return { tasks: tasks.map(copyOf), loaded, total, active: controllers.size };
  };

  function notify(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    lastNotified = now();
    options.onChange?.(snapshot());
  }
  /** Marks the queue changed; reports it now if the last report is old enough, else later. */
  function changed(): void {
    dirty = true;
    if (!options.onChange || holding) return;
    const wait = lastNotified + interval - now();
    if (wait <= 0) notify();
    else timer ??= setTimeout(notify, wait);
  }
  /** Runs what the user asked (the uploads it starts included), then reports it in one snapshot. */
  let holding = false;
  function atOnce(action: () => void): void {
    holding = true;
    dirty = true;
    try {
      action();
    } finally {
      holding = false;
    }
    notify();
  }

  /** No task before this index is queued (a retry moves it back): pump stays linear. */
  let queuedFrom = 0;
  const nextQueued = (): UploadTask | undefined => {
    while (queuedFrom < tasks.length && tasks[queuedFrom]!.status !== "queued") queuedFrom += 1;
    return tasks[queuedFrom];
  };

  function pump(): void {
    while (controllers.size < concurrency) {
      const task = nextQueued();
      if (!task) break;
      void run(task);
    }
    if (controllers.size === 0 && !nextQueued()) {
      notify(); // the final state is shown at once, before idle() resolves
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  async function run(task: UploadTask): Promise<void> {
    const item = items.get(task.id)!;
    const controller = new AbortController();
    controllers.set(task.id, controller);
    task.status = "uploading";
    task.loaded = 0;
    delete task.error;
    changed();
    try {
      await ctx.s3.upload({
        bucket: task.bucket,
        key: task.key,
        body: item.file,
        ...(item.contentType ? { contentType: item.contentType } : {}),
        signal: controller.signal,
        onProgress: (p) => {
          task.loaded = Math.min(p.loaded, task.size);
          changed();
        },
      });
      task.status = "done";
      task.loaded = task.size;
    } catch (error) {
      const s3Error =
        error instanceof S3Error
          ? error
          : new S3Error("other", String(error), undefined, { cause: error });
      task.status =
        controller.signal.aborted || s3Error.kind === "cancelled" ? "cancelled" : "failed";
      if (task.status === "failed") task.error = s3Error;
      else task.loaded = 0;
    } finally {
      controllers.delete(task.id);
      changed();
      pump();
    }
  }

  return {
    enqueue(plan, enqueueOptions = {}) {
      const existing = new Set(plan.existing);
      const added: UploadTask[] = [];
      const folders = new Set<string>();
      for (const upload of plan.uploads) {
        if (enqueueOptions.skipExisting && existing.has(upload.key)) continue;
        const task: UploadTask = {
          id: nextId++,
          bucket: plan.bucket,
          key: upload.key,
          size: upload.item.file.size,
          loaded: 0,
          status: "queued",
        };
        tasks.push(task);
        items.set(task.id, upload.item);
        added.push(task);
        const slash = upload.item.relativePath.indexOf("/");
        if (slash === -1)
          ctx.log?.(
            mcCommand({
              kind: "uploadFile",
              bucket: plan.bucket,
              key: upload.key,
              localPath: `./${upload.item.relativePath}`,
            }),
          );
        else folders.add(upload.item.relativePath.slice(0, slash));
      }
      for (const folder of folders)
        ctx.log?.(
          mcCommand({
            kind: "uploadFolder",
            bucket: plan.bucket,
            prefix: plan.prefix,
            localPath: `./${folder}`,
          }),
        );
      atOnce(pump);
      return added;
    },
    cancel(id) {
      const task = tasks.find((t) => t.id === id);
      if (!task) return;
      if (task.status === "queued")
        atOnce(() => {
          task.status = "cancelled";
          pump();
        });
      else controllers.get(id)?.abort();
    },
    cancelAll() {
      atOnce(() => {
        for (const task of tasks) if (task.status === "queued") task.status = "cancelled";
        for (const controller of controllers.values()) controller.abort();
        pump();
      });
    },
    retry(id) {
      const task = tasks.find((t) => t.id === id);
      if (!task || (task.status !== "failed" && task.status !== "cancelled")) return;
      atOnce(() => {
        task.status = "queued";
        task.loaded = 0;
        delete task.error;
        queuedFrom = Math.min(queuedFrom, tasks.indexOf(task));
        pump();
      });
    },
    snapshot,
    idle() {
      if (controllers.size === 0 && !nextQueued()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
