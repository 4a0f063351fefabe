// An engine that is still starting (DuckDB-WASM takes a second or more to download and
// instantiate): the session is usable at once, each call waits for the engine, and a start that
// fails makes every call fail with that error.
import type { TabularEngine } from "../../ports/tabularEngine.ts";

export function deferredEngine(starting: Promise<TabularEngine>): TabularEngine {
  // A failed start is reported by the calls, not as an unhandled rejection.
  starting.catch(() => undefined);
  return {
    open: async (source, options) => (await starting).open(source, options),
    run: async (sql, options) => (await starting).run(sql, options),
    export: async (sql, format, options) => (await starting).export(sql, format, options),
    refreshS3: async () => {
      const engine = await starting;
      return engine.refreshS3 ? engine.refreshS3() : false;
    },
    dispose: async () => {
      const engine = await starting.catch(() => undefined);
      await engine?.dispose();
    },
  };
}
