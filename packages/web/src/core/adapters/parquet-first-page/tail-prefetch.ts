// The first request of a Parquet file's first page (its last bytes: the file's size and footer),
// sent as the app starts, before the reader's chunk (hyparquet) has loaded: main.tsx calls
// `prefetchParquetTail` for the file the address opens, and the reader takes the answer. Small
// and free of imports, as it is part of the initial bundle.

/** The suffix read first: a footer up to this size costs one request. */
export const TAIL_BYTES = 256 * 1024;

export const tailRequest: RequestInit = {
  headers: { Range: `bytes=-${TAIL_BYTES}` },
  cache: "no-store",
};

const prefetched = new Map<string, Promise<Response>>();

export function prefetchParquetTail(url: string, signal: AbortSignal): void {
  const response = fetch(url, { ...tailRequest, signal });
  response.catch(() => undefined); // the reader asks again if it failed
  prefetched.set(url, response);
}

/** The prefetched answer for this file, once (undefined if none, or if it failed). */
export async function takePrefetchedTail(url: string): Promise<Response | undefined> {
  const response = prefetched.get(url);
  if (!response) return undefined;
  prefetched.delete(url);
  return response.catch(() => undefined);
}
