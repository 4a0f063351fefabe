// Temporary S3 credentials (STS) expire while a tab stays open: a read of an s3:// source that
// S3 refuses (400 ExpiredToken, 401, 403) is retried once after the engine has asked for fresh
// credentials. A refusal that persists is shown as it is.
import type { TabularEngine } from "../../ports/tabularEngine.ts";
import { isDataExplorerError } from "./errors.ts";

/**
 * Whether an engine error may be S3 refusing the credentials (not a SQL error): a 400/401/403 in
 * the message, or the opaque "[object WebAssembly.Exception]" DuckDB-WASM 1.28 reports when a
 * request of its file system fails (the status is lost on the way). A retry that fails again
 * shows the error as it is, so a false guess only costs one credentials request.
 */
export function isS3Refusal(error: unknown): boolean {
  if (!isDataExplorerError(error)) return false;
  if (error.kind === "access-denied") return true;
  const text = `${error.message} ${error.detail ?? ""}`;
  if (/WebAssembly\.Exception/.test(text)) return true;
  return /\b(400|401|403)\b/.test(text) && /s3:\/\/|status|request/i.test(text);
}

/** The engine, with run and export retried once after a credentials refresh. */
export function withS3Refresh(engine: TabularEngine): TabularEngine {
  if (!engine.refreshS3) return engine;
  const refresh = engine.refreshS3.bind(engine);
  const retried = async <T>(job: () => Promise<T>): Promise<T> => {
    try {
      return await job();
    } catch (error) {
      if (!isS3Refusal(error) || !(await refresh().catch(() => false))) throw error;
      return job();
    }
  };
  return {
    open: (source, options) => engine.open(source, options),
    run: (sql, options) => retried(() => engine.run(sql, options)),
    export: (sql, format, options) => retried(() => engine.export(sql, format, options)),
    refreshS3: refresh,
    dispose: () => engine.dispose(),
  };
}
