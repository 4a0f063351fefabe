// The first page of a Parquet source, started while the app itself starts: when the address opens
// /data-explorer on such a source, main.tsx starts the read before the page is mounted; the page's
// session then takes it over for the same source, page and page size instead of reading again.
// An http(s) source is read at once (no credentials needed). An s3:// source needs the user's S3
// access (the session's user and configuration, then one HEAD and the credentials, STS if none are
// cached): the read asks for it as soon as the session is loaded, in parallel with the page's and
// the engine's chunks, and hands that access over too, so the open asks S3 once. A read nobody
// takes is aborted after a while.
import type { FirstPage, FirstPageReader } from "../../ports/tabularEngine.ts";
import { formatFromPath } from "./format.ts";
import type { S3Bridge } from "./s3-access.ts";
import { parseSource, type ParsedSource, type S3Access } from "./source.ts";
import { timed } from "./timing.ts";
import { parseParams } from "./url-params.ts";

/** What the page's session takes over: the page being read, and for s3:// the access asked. */
export interface EarlyFirstPage {
  page: Promise<FirstPage | undefined>;
  s3Access?: Promise<S3Access>;
}

interface EarlyRead extends EarlyFirstPage {
  taken: boolean;
  location: string;
  offset: number;
  limit: number;
  controller: AbortController;
}

let early: EarlyRead | undefined;

const locationOf = (source: ParsedSource) => (source.kind === "s3" ? source.uri : source.url);

/** Starts the read for the route's query string; false when the source is not eligible. */
export function startFirstPageEarly(
  search: string,
  /** The reader (a chunk); given the source and the read's signal, it may start fetching at once. */
  load: (source: ParsedSource, signal: AbortSignal) => Promise<FirstPageReader>,
  options: {
    /** The S3 feature's bridge once the session is known (s3:// sources are skipped without it). */
    s3?: () => Promise<S3Bridge>;
    unclaimedAfterMs?: number;
  } = {},
): boolean {
  const params = parseParams(search);
  if (!params.source) return false;
  let source: ParsedSource;
  try {
    source = parseSource(params.source);
  } catch {
    return false; // the page reports a bad source
  }
  const detected = formatFromPath(source.path);
  if (detected?.format !== "parquet" || detected.gzip) return false;
  const bridge = source.kind === "s3" ? options.s3 : undefined;
  if (source.kind === "s3" && !bridge) return false;
  early?.controller.abort();
  performance.mark("data-explorer:first-page-started-with-app");
  const controller = new AbortController();
  const { signal } = controller;
  const offset = (params.page - 1) * params.rowsPerPage;
  const limit = params.rowsPerPage;
  const reader = load(source, signal);
  // The S3 access (a HEAD, the credentials) is asked in parallel with the read, for the engine.
  const s3 = source.kind === "s3" ? bridge?.() : undefined;
  const s3Access =
    source.kind === "s3"
      ? s3?.then((ready) =>
          timed("s3-access-early", () => ready.access({ bucket: source.bucket, key: source.key })),
        )
      : undefined;
  const page = timed("preview", async () => {
    const [ready, opened] = await Promise.all([reader, s3]);
    return ready.read(source, {
      offset,
      limit,
      signal,
      ...(opened ? { s3Read: opened.read } : {}),
    });
  });
  // Their errors are the engine's to report, once the page opens the source.
  page.catch(() => undefined);
  s3Access?.catch(() => undefined);
  const read: EarlyRead = {
    taken: false,
    location: locationOf(source),
    offset,
    limit,
    page,
    ...(s3Access ? { s3Access } : {}),
    controller,
  };
  early = read;
  setTimeout(() => {
    if (early !== read || read.taken) return;
    early = undefined;
    controller.abort();
  }, options.unclaimedAfterMs ?? 30_000);
  return true;
}

/**
 * The early read of exactly this page of this source, else undefined. Every open that asks while
 * it is being read shares it (React's development mode opens twice); once read, it is gone.
 */
export function takeFirstPageEarly(
  source: ParsedSource,
  offset: number,
  limit: number,
): EarlyFirstPage | undefined {
  const read = early;
  if (!read || read.location !== locationOf(source)) return undefined;
  if (read.offset !== offset || read.limit !== limit) return undefined;
  if (!read.taken) {
    read.taken = true;
    const forget = () => {
      if (early === read) early = undefined;
    };
    read.page.then(forget, forget);
  }
  return { page: read.page, ...(read.s3Access ? { s3Access: read.s3Access } : {}) };
}
