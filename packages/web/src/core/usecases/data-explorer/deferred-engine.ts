// An engine that is still starting (DuckDB-WASM takes a second or more to download and
// instantiate): the session is usable at once and each call waits for the engine. A start that
// failed is tried again by the next call (a chunk that failed to load, a worker that died), and
// fails that call with its error if it fails again.
import type { TabularEngine } from "../../ports/tabularEngine.ts";

export function deferredEngine(start: () => Promise<TabularEngine>): TabularEngine {
  let failed = false;
  const begin = () => {
    const promise = start();
    // A failed start is reported by the calls, not as an unhandled rejection.
    promise.catch(() => {
      failed = true;
    });
    return promise;
  };
  let starting = begin();
  const engine = (): Promise<TabularEngine> => {
    if (failed) {
      failed = false;
      starting = begin();
    }
    return starting;
  };
  return {
    open: async (source, options) => (await engine()).open(source, options),
    run: async (sql, options) => (await engine()).run(sql, options),
    export: async (sql, format, options) => (await engine()).export(sql, format, options),
    refreshS3: async () => {
      const running = await engine();
      return running.refreshS3 ? running.refreshS3() : false;
    },
    dispose: async () => {
      const running = await starting.catch(() => undefined);
      await running?.dispose();
    },
  };
}
