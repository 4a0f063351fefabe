// Uploads of files and whole folders (relative keys kept), with bounded concurrency, per-file and
// overall progress, cancel and retry. Overwrites are detected before anything is sent.
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

export function createUploadQueue(
  ctx: ExplorerContext,
  options: { concurrency?: number; onChange?: (snapshot: QueueSnapshot) => void } = {},
): UploadQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const tasks: UploadTask[] = [];
  const items = new Map<number, UploadItem>();
  const controllers = new Map<number, AbortController>();
  let nextId = 1;
  let idleWaiters: (() => void)[] = [];

  const snapshot = (): QueueSnapshot => ({
    tasks: tasks.map((t) => ({ ...t })),
    loaded: tasks.reduce((n, t) => n + (t.status === "cancelled" ? 0 : t.loaded), 0),
    total: tasks.reduce((n, t) => n + (t.status === "cancelled" ? 0 : t.size), 0),
    active: controllers.size,
  });
  const changed = () => options.onChange?.(snapshot());

  function pump(): void {
    while (controllers.size < concurrency) {
      const task = tasks.find((t) => t.status === "queued");
      if (!task) break;
      void run(task);
    }
    if (controllers.size === 0 && !tasks.some((t) => t.status === "queued")) {
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
      changed();
      pump();
      return added;
    },
    cancel(id) {
      const task = tasks.find((t) => t.id === id);
      if (!task) return;
      if (task.status === "queued") {
        task.status = "cancelled";
        changed();
        pump();
      } else controllers.get(id)?.abort();
    },
    cancelAll() {
      for (const task of tasks) if (task.status === "queued") task.status = "cancelled";
      for (const controller of controllers.values()) controller.abort();
      changed();
      pump();
    },
    retry(id) {
      const task = tasks.find((t) => t.id === id);
      if (!task || (task.status !== "failed" && task.status !== "cancelled")) return;
      task.status = "queued";
      task.loaded = 0;
      delete task.error;
      changed();
      pump();
    },
    snapshot,
    idle() {
      if (controllers.size === 0 && !tasks.some((t) => t.status === "queued"))
        return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
