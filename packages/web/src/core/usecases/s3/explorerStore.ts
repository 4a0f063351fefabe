// The explorer's state on one profile: where it is (bucket, prefix), the listing as it arrives
// (the count shown before the end), the uploads, and the actions. The page renders the state and
// calls the actions; every action logs its `mc` equivalent through the context's `log`.
import { mcCommand, type ShareDuration } from "@onyxia-ts/core";
import { S3Error, type S3ObjectInfo } from "../../ports/s3.ts";
import { createState, type Store } from "../../store.ts";
import {
  createFolder,
  deleteSelection,
  expandSelection,
  FOLDER_MARKER,
  isPrefixPublic,
  listAll,
  move,
  setPrefixPublic,
  shareLink,
  zipPrefix,
  type ExplorerContext,
  type ShareLink,
} from "./explorerActions.ts";
import { decodeHead, parseCsvHead, previewKind, PREVIEW_BYTES } from "./preview.ts";
import {
  createUploadQueue,
  planUpload,
  type QueueSnapshot,
  type UploadItem,
  type UploadPlan,
} from "./uploadQueue.ts";

export interface ExplorerEntry {
  /** The full key (a folder's ends with "/"). */
  key: string;
  /** The name shown, relative to the current prefix. */
  name: string;
  isFolder: boolean;
  size: number;
  lastModified?: Date;
}

export interface ExplorerState {
  bucket: string | undefined;
  prefix: string;
  /** Folders first, then files, as S3 lists them (the folder marker left out). */
  entries: ExplorerEntry[];
  /** True while pages are still arriving (entries already shows the first ones). */
  loading: boolean;
  /** The listing failed (noSuchBucket, accessDenied, unreachable…). */
  error: unknown;
  uploads: QueueSnapshot;
}

export type Selection = { keys: string[]; prefixes: string[] };

export type Preview =
  | { kind: "text"; text: string; truncated: boolean }
  | { kind: "csv"; rows: string[][]; truncated: boolean }
  | { kind: "image"; url: string }
  | { kind: "none"; size: number };

export interface Explorer extends Store<ExplorerState> {
  open(bucket: string, prefix: string): void;
  refresh(): void;
  createBucket(): Promise<void>;
  /** Checks every key and finds the ones that exist (the page asks before overwriting them). */
  planUpload(items: readonly UploadItem[]): Promise<UploadPlan>;
  /** Queues the plan; resolves when the queue is idle, then refreshes the listing. */
  upload(plan: UploadPlan, options: { overwrite: boolean }): Promise<void>;
  cancelUpload(id: number): void;
  cancelAllUploads(): void;
  retryUpload(id: number): void;
  /** How many objects a deletion would remove (folders expanded). */
  countObjects(selection: Selection): Promise<number>;
  remove(
    selection: Selection,
  ): Promise<{ deleted: number; failed: { key: string; message: string }[] }>;
  /** Renames/moves `fromKey` to `to`, a path relative to the current prefix. */
  move(fromKey: string, to: string): Promise<{ moved: number }>;
  createFolder(name: string): Promise<string>;
  share(key: string, duration: ShareDuration): Promise<ShareLink>;
  isPublic(prefix: string): Promise<boolean>;
  setPublic(prefix: string, makePublic: boolean): Promise<void>;
  /** A 1-hour link to download one file (logged as `mc cp`). */
  downloadUrl(key: string): Promise<string>;
  /** A streamed zip of a folder. */
  zip(prefix: string): ReadableStream<Uint8Array>;
  preview(entry: ExplorerEntry, signal?: AbortSignal): Promise<Preview>;
  dispose(): void;
}

/**
 * Uploads in flight: Chromium opens at most 6 HTTP/1.1 connections per host, and each small PUT
 * waits on its CORS preflight first (a new URL each time), so 6 keeps them all busy.
 */
export const UPLOAD_CONCURRENCY = 6;

const emptyQueue: QueueSnapshot = { tasks: [], loaded: 0, total: 0, active: 0 };

function baseName(path: string): string {
  return path.replace(/\/$/, "").split("/").pop() ?? path;
}

export function toEntries(
  prefix: string,
  listing: { prefixes: readonly string[]; objects: readonly S3ObjectInfo[] },
): ExplorerEntry[] {
  return [
    ...listing.prefixes.map((p) => ({
      key: p,
      name: p.slice(prefix.length),
      isFolder: true,
      size: 0,
    })),
    ...listing.objects
      .filter((o) => o.key !== prefix + FOLDER_MARKER && o.key !== prefix)
      .map((o) => ({
        key: o.key,
        name: o.key.slice(prefix.length),
        isFolder: false,
        size: o.size,
        ...(o.lastModified ? { lastModified: o.lastModified } : {}),
      })),
  ];
}

export function createExplorer(ctx: ExplorerContext): Explorer {
  const state = createState<ExplorerState>({
    bucket: undefined,
    prefix: "",
    entries: [],
    loading: false,
    error: undefined,
    uploads: emptyQueue,
  });
  const queue = createUploadQueue(ctx, {
    concurrency: UPLOAD_CONCURRENCY,
    onChange: (uploads) => state.set((s) => ({ ...s, uploads })),
  });
  let listing: AbortController | undefined;

  const where = () => {
    const { bucket, prefix } = state.get();
    if (!bucket) throw new S3Error("other", "No bucket is open");
    return { bucket, prefix };
  };

  function list(): void {
    listing?.abort();
    const { bucket, prefix } = state.get();
    if (!bucket) return;
    const controller = new AbortController();
    listing = controller;
    state.set((s) => ({ ...s, entries: [], loading: true, error: undefined }));
    listAll(ctx, bucket, prefix, {
      signal: controller.signal,
      onPage: (soFar) => {
        if (!controller.signal.aborted)
          state.set((s) => ({ ...s, entries: toEntries(prefix, soFar) }));
      },
    }).then(
      (done) => {
        if (!controller.signal.aborted)
          state.set((s) => ({ ...s, entries: toEntries(prefix, done), loading: false }));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) state.set((s) => ({ ...s, loading: false, error }));
      },
    );
  }

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    open(bucket, prefix) {
      const normalized = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
      const current = state.get();
      if (current.bucket === bucket && current.prefix === normalized && !current.error) return;
      state.set((s) => ({ ...s, bucket, prefix: normalized }));
      list();
    },
    refresh: list,
    async createBucket() {
      const { bucket } = where();
      ctx.log?.(mcCommand({ kind: "createBucket", bucket }));
      await ctx.s3.createBucket(bucket);
      list();
    },
    planUpload: (items) => {
      const { bucket, prefix } = where();
      return planUpload(ctx, bucket, prefix, items);
    },
    async upload(plan, options) {
      queue.enqueue(plan, { skipExisting: !options.overwrite });
      await queue.idle();
      const { bucket, prefix } = state.get();
      if (bucket === plan.bucket && prefix === plan.prefix) list();
    },
    cancelUpload: queue.cancel,
    cancelAllUploads: queue.cancelAll,
    retryUpload(id) {
      queue.retry(id);
      void queue.idle().then(list);
    },
    async countObjects(selection) {
      const { bucket } = where();
      return (await expandSelection(ctx, bucket, selection)).length;
    },
    async remove(selection) {
      const { bucket } = where();
      const result = await deleteSelection(ctx, bucket, selection);
      list();
      return result;
    },
    async move(fromKey, to) {
      const { bucket, prefix } = where();
      const target = to.replace(/^\/+/, "");
      const toKey = fromKey.endsWith("/") && !target.endsWith("/") ? `${target}/` : target;
      const result = await move(ctx, bucket, fromKey, prefix + toKey);
      list();
      return result;
    },
    async createFolder(name) {
      const { bucket, prefix } = where();
      const created = await createFolder(ctx, bucket, prefix, name.trim().replace(/\/+$/, ""));
      list();
      return created;
    },
    share(key, duration) {
      return shareLink(ctx, where().bucket, key, duration);
    },
    isPublic(prefix) {
      return isPrefixPublic(ctx, where().bucket, prefix);
    },
    setPublic(prefix, makePublic) {
      return setPrefixPublic(ctx, where().bucket, prefix, makePublic);
    },
    async downloadUrl(key) {
      const { bucket } = where();
      ctx.log?.(mcCommand({ kind: "downloadFile", bucket, key, localPath: `./${baseName(key)}` }));
      return ctx.s3.presignGet(bucket, key, 3600);
    },
    zip(prefix) {
      return zipPrefix(ctx, where().bucket, prefix);
    },
    async preview(entry, signal) {
      const { bucket } = where();
      const kind = previewKind(entry.key);
      if (kind === "none") return { kind: "none", size: entry.size };
      ctx.log?.(mcCommand({ kind: "preview", bucket, key: entry.key }));
      if (kind === "image")
        return { kind: "image", url: await ctx.s3.presignGet(bucket, entry.key, 3600) };
      if (entry.size === 0)
        return kind === "csv"
          ? { kind, rows: [], truncated: false }
          : { kind, text: "", truncated: false };
      const truncated = entry.size > PREVIEW_BYTES;
      const got = await ctx.s3.getObject(bucket, entry.key, {
        range: { start: 0, end: Math.min(entry.size, PREVIEW_BYTES) - 1 },
        ...(signal ? { signal } : {}),
      });
      const bytes = new Uint8Array(await new Response(got.body).arrayBuffer());
      const text = decodeHead(bytes, truncated);
      return kind === "csv"
        ? { kind, rows: parseCsvHead(text, { truncated }), truncated }
        : { kind, text, truncated };
    },
    dispose() {
      listing?.abort();
      queue.cancelAll();
    },
  };
}
