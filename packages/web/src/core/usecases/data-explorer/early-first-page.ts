// The first page of an http(s) Parquet source, started while the app itself starts: when the
// address opens /data-explorer on such a source (no credentials needed), main.tsx starts the read
// before the session (configuration, user) is loaded and the page is mounted; the page's session
// then takes it over for the same source, page and page size instead of reading again. A read
// nobody takes is aborted after a while. s3:// sources wait for the user's credentials as before.
import type { FirstPage, FirstPageReader } from "../../ports/tabularEngine.ts";
import { formatFromPath } from "./format.ts";
import { parseSource, type ParsedSource } from "./source.ts";
import { timed } from "./timing.ts";
import { parseParams } from "./url-params.ts";

interface EarlyRead {
  taken: boolean;
  url: string;
  offset: number;
  limit: number;
  page: Promise<FirstPage | undefined>;
  controller: AbortController;
}

let early: EarlyRead | undefined;

/** Starts the read for the route's query string; false when the source is not eligible. */
export function startFirstPageEarly(
  search: string,
  /** The reader (a chunk); given the file and the read's signal, it may start fetching at once. */
  load: (url: string, signal: AbortSignal) => Promise<FirstPageReader>,
  unclaimedAfterMs = 30_000,
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
  if (source.kind !== "http" || detected?.format !== "parquet" || detected.gzip) return false;
  early?.controller.abort();
  performance.mark("data-explorer:first-page-started-with-app");
  const controller = new AbortController();
  const offset = (params.page - 1) * params.rowsPerPage;
  const limit = params.rowsPerPage;
  const page = timed("preview", async () => {
    const reader = await load(source.url, controller.signal);
    return reader.read(source, { offset, limit, signal: controller.signal });
  });
  // Its errors are the engine's to report, once the page opens the source.
  page.catch(() => undefined);
  const read: EarlyRead = { taken: false, url: source.url, offset, limit, page, controller };
  early = read;
  setTimeout(() => {
    if (early !== read || read.taken) return;
    early = undefined;
    controller.abort();
  }, unclaimedAfterMs);
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
): Promise<FirstPage | undefined> | undefined {
  const read = early;
  if (!read || source.kind !== "http" || read.url !== source.url) return undefined;
  if (read.offset !== offset || read.limit !== limit) return undefined;
  if (!read.taken) {
    read.taken = true;
    const forget = () => {
      if (early === read) early = undefined;
    };
    read.page.then(forget, forget);
  }
  return read.page;
}
