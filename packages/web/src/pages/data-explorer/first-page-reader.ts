// The JavaScript first-page reader, code-split: loaded by the page's session, or by main.tsx when
// the app starts on an http(s) Parquet source (the read then starts before the page is mounted).
import type { FirstPageReader } from "../../core/ports/tabularEngine.ts";

export const loadFirstPageReader = (): Promise<FirstPageReader> =>
  import("../../core/adapters/parquet-first-page/parquet-first-page.ts").then((module) =>
    module.createParquetFirstPageReader(),
  );
