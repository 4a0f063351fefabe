// The JavaScript first-page reader, code-split: loaded by the page's session, or by main.tsx when
// the app starts on a Parquet source (the read then starts before the page is mounted). This file
// is only the loader, so main.tsx imports it directly: the reader is one chunk away.
import type { FirstPageReader } from "../../core/ports/tabularEngine.ts";

export const loadFirstPageReader = (): Promise<FirstPageReader> =>
  import("../../core/adapters/parquet-first-page/parquet-first-page.ts").then((module) =>
    module.createParquetFirstPageReader(),
  );
