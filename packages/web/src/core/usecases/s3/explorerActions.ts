// Explorer use cases on the S3 port: list, delete recursively, move, create a folder, share,
// public/private, zip a folder. Each logs the equivalent `mc` command (never a secret).
import {
  isPublic,
  makePrefixPrivate,
  makePrefixPublic,
  mcCommand,
  objectKeyProblem,
  parseBucketPolicy,
  SHARE_DURATION_SECONDS,
  type S3Action,
  type ShareDuration,
} from "@onyxia-ts/core";
import { S3Error, type S3ClientPort, type S3ObjectInfo } from "../../ports/s3.ts";

export interface ExplorerContext {
  s3: S3ClientPort;
  /** Receives the `mc` equivalent of each action, for the command bar. */
  log?: (command: string) => void;
}

const logAction = (ctx: ExplorerContext, action: S3Action) => ctx.log?.(mcCommand(action));

/** The marker object an explicitly created (empty) folder holds, as Onyxia v10 did. */
export const FOLDER_MARKER = ".keep";

export interface Listing {
  prefixes: string[];
  objects: S3ObjectInfo[];
}

/**
 * Lists one level (delimiter "/") or everything below `prefix` (recursive), page after page;
 * `onPage` sees the running totals so the UI can show the first screen before the end.
 */
export async function listAll(
  ctx: ExplorerContext,
  bucket: string,
  prefix: string,
  options: {
    recursive?: boolean;
    signal?: AbortSignal;
    onPage?: (soFar: Listing) => void;
    log?: boolean;
  } = {},
): Promise<Listing> {
  if (options.log !== false) logAction(ctx, { kind: "list", bucket, prefix });
  const listing: Listing = { prefixes: [], objects: [] };
  let token: string | undefined;
  do {
    const page = await ctx.s3.listPage({
      bucket,
      prefix,
      ...(options.recursive ? {} : { delimiter: "/" as const }),
      ...(token ? { continuationToken: token } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const p of page.prefixes) listing.prefixes.push(p);
    for (const o of page.objects) listing.objects.push(o);
    token = page.nextToken;
    options.onPage?.(listing);
  } while (token !== undefined);
  return listing;
}

/** The keys to delete for a selection of objects and prefixes (prefixes expanded). */
export async function expandSelection(
  ctx: ExplorerContext,
  bucket: string,
  selection: { keys: readonly string[]; prefixes: readonly string[] },
): Promise<string[]> {
  const keys = new Set(selection.keys);
  for (const prefix of selection.prefixes) {
    const below = await listAll(ctx, bucket, prefix, { recursive: true, log: false });
    for (const o of below.objects) keys.add(o.key);
  }
  return [...keys];
}

/** Deletes the keys in batches of 1000 (DeleteObjects); returns the count and the failures. */
export async function deleteKeys(
  ctx: ExplorerContext,
  bucket: string,
  keys: readonly string[],
  onProgress?: (deleted: number, total: number) => void,
): Promise<{ deleted: number; failed: { key: string; message: string }[] }> {
  const failed: { key: string; message: string }[] = [];
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const result = await ctx.s3.deleteObjects(bucket, batch);
    failed.push(...result.failed);
    deleted += batch.length - result.failed.length;
    onProgress?.(deleted, keys.length);
  }
  return { deleted, failed };
}

/** Deletes objects and whole prefixes; logs `mc rm` / `mc rm --recursive --force`. */
export async function deleteSelection(
  ctx: ExplorerContext,
  bucket: string,
  selection: { keys: readonly string[]; prefixes: readonly string[] },
  onProgress?: (deleted: number, total: number) => void,
): Promise<{ deleted: number; failed: { key: string; message: string }[] }> {
  for (const key of selection.keys) logAction(ctx, { kind: "deleteObject", bucket, key });
  for (const prefix of selection.prefixes) logAction(ctx, { kind: "deletePrefix", bucket, prefix });
  const keys = await expandSelection(ctx, bucket, selection);
  return deleteKeys(ctx, bucket, keys, onProgress);
}

/** Creates an empty folder: a 0-byte marker object, so it survives a reload. */
export async function createFolder(
  ctx: ExplorerContext,
  bucket: string,
  parentPrefix: string,
  name: string,
): Promise<string> {
  const prefix = `${parentPrefix}${name}/`;
  const problem = objectKeyProblem(prefix, { isPrefix: true });
  if (problem) throw new S3Error("invalidName", problem);
  logAction(ctx, { kind: "createFolder", bucket, prefix });
  await ctx.s3.upload({ bucket, key: `${prefix}${FOLDER_MARKER}`, body: new Blob([]) });
  return prefix;
}

/**
 * Renames/moves an object or a prefix (server-side copy, then delete of the sources). Refuses to
 * overwrite an existing target.
 */
export async function move(
  ctx: ExplorerContext,
  bucket: string,
  from: string,
  to: string,
): Promise<{ moved: number }> {
  const recursive = from.endsWith("/");
  if (recursive !== to.endsWith("/"))
    throw new S3Error("invalidName", "a folder can only be moved to a folder, a file to a file");
  const problem = objectKeyProblem(to, { isPrefix: recursive });
  if (problem) throw new S3Error("invalidName", problem);
  if (from === to) return { moved: 0 };
  if (recursive && to.startsWith(from))
    throw new S3Error("invalidName", `cannot move ${from} into itself (${to})`);
  logAction(ctx, { kind: "move", bucket, from, to, recursive });
  const sources = recursive
    ? (await listAll(ctx, bucket, from, { recursive: true, log: false })).objects.map((o) => o.key)
    : [from];
  const targets = sources.map((key) => to + key.slice(from.length));
  const existing = await findExistingKeys(ctx, bucket, targets);
  if (existing.length > 0)
    throw new S3Error(
      "other",
      `cannot move: ${existing.length} target(s) already exist (first: ${existing[0]})`,
    );
  for (const [i, key] of sources.entries()) await ctx.s3.copyObject(bucket, key, targets[i]!);
  const { failed } = await deleteKeys(ctx, bucket, sources);
  if (failed.length > 0)
    throw new S3Error(
      "other",
      `copied, but ${failed.length} source(s) could not be deleted: ${failed[0]?.message}`,
    );
  return { moved: sources.length };
}

/** Which of `keys` already exist (one recursive listing of their common prefix). */
export async function findExistingKeys(
  ctx: ExplorerContext,
  bucket: string,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  if (keys.length <= 3) {
    const found = await Promise.all(keys.map((k) => ctx.s3.headObject(bucket, k)));
    return keys.filter((_, i) => found[i] !== undefined);
  }
  const common = commonPrefix(keys);
  const wanted = new Set(keys);
  const listing = await listAll(ctx, bucket, common, { recursive: true, log: false });
  return listing.objects.map((o) => o.key).filter((k) => wanted.has(k));
}

function commonPrefix(keys: readonly string[]): string {
  let prefix = keys[0] ?? "";
  for (const key of keys) while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
}

export interface ShareLink {
  url: string;
  /** True when the object is public: the link is unsigned and does not expire. */
  isPublic: boolean;
  expiresAt?: Date;
}

/** A pre-signed GET link (1 h, 1 day or 7 days), or the plain URL when the object is public. */
export async function shareLink(
  ctx: ExplorerContext,
  bucket: string,
  key: string,
  duration: ShareDuration,
  now = Date.now(),
): Promise<ShareLink> {
  const policy = await ctx.s3.getBucketPolicy(bucket).catch((error: unknown) => {
    if (error instanceof S3Error && error.kind === "accessDenied") return undefined;
    throw error;
  });
  if (isPublic(parseBucketPolicy(policy), bucket, key))
    return { url: ctx.s3.publicUrl(bucket, key), isPublic: true };
  logAction(ctx, { kind: "share", bucket, key, duration });
  const seconds = SHARE_DURATION_SECONDS[duration];
  return {
    url: await ctx.s3.presignGet(bucket, key, seconds),
    isPublic: false,
    expiresAt: new Date(now + seconds * 1000),
  };
}

/** Whether `prefix` is public through Onyxia's bucket-policy statements. */
export async function isPrefixPublic(
  ctx: ExplorerContext,
  bucket: string,
  prefix: string,
): Promise<boolean> {
  return isPublic(parseBucketPolicy(await ctx.s3.getBucketPolicy(bucket)), bucket, prefix);
}

/** Makes `prefix` ("" = the bucket) public or private, editing only Onyxia's statements. */
export async function setPrefixPublic(
  ctx: ExplorerContext,
  bucket: string,
  prefix: string,
  makePublic: boolean,
): Promise<void> {
  logAction(ctx, { kind: makePublic ? "makePublic" : "makePrivate", bucket, prefix });
  const current = parseBucketPolicy(await ctx.s3.getBucketPolicy(bucket));
  if (makePublic) {
    await ctx.s3.putBucketPolicy(bucket, JSON.stringify(makePrefixPublic(current, bucket, prefix)));
    return;
  }
  const next = makePrefixPrivate(current, bucket, prefix);
  if (next === undefined) await ctx.s3.deleteBucketPolicy(bucket);
  else await ctx.s3.putBucketPolicy(bucket, JSON.stringify(next));
}

/**
 * A zip of everything below `prefix`, streamed: objects are fetched one at a time while the
 * zip is read (client-zip writes stored entries, no compression, constant memory).
 */
export function zipPrefix(
  ctx: ExplorerContext,
  bucket: string,
  prefix: string,
  options: { signal?: AbortSignal; onFile?: (key: string) => void } = {},
): ReadableStream<Uint8Array> {
  logAction(ctx, {
    kind: "downloadFolder",
    bucket,
    prefix,
    localPath: `./${prefix.split("/").filter(Boolean).pop() ?? bucket}/`,
  });
  async function* files() {
    const listing = await listAll(ctx, bucket, prefix, {
      recursive: true,
      log: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const object of listing.objects) {
      if (object.key.endsWith(`/${FOLDER_MARKER}`) || object.key === FOLDER_MARKER) continue;
      options.onFile?.(object.key);
      const got = await ctx.s3.getObject(
        bucket,
        object.key,
        options.signal ? { signal: options.signal } : {},
      );
      yield {
        name: object.key.slice(prefix.length),
        input: got.body,
        size: object.size,
        ...(object.lastModified ? { lastModified: object.lastModified } : {}),
      };
    }
  }
  // client-zip is loaded with the first zip, not with the app.
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  void import("client-zip")
    .then(({ makeZip }) => makeZip(files()).pipeTo(writable))
    .catch((error: unknown) => writable.abort(error).catch(() => undefined));
  return readable;
}
