// Where audit lines go (`audit.sink`): stdout/stderr (collected by the container runtime), the
// app's log, an append-only file, or nowhere.
import { createWriteStream } from "node:fs";
import type { AuditSink } from "@onyxia-ts/core";

export interface AuditWriter {
  write(entry: AuditEntry): void;
  close?(): Promise<void>;
}

export interface AuditEntry {
  type: "audit";
  time: string;
  requestId: string;
  /** The username, or null when the caller was anonymous or their credential was refused. */
  user: string | null;
  ip: string;
  method: string;
  /** The route pattern (`/api/my-lab/app`), not the raw URL: no query values end up here. */
  route: string;
  /** A short verb: install, uninstall, suspend, resume, … or `<METHOD> <route>`. */
  action: string;
  region: string | null;
  project: string | null;
  /** The release (service) acted on, when the request names one. */
  release: string | null;
  catalogId: string | null;
  chart: string | null;
  status: number;
  durationMs: number;
  /** Admin actions: the namespace acted on (another user's project). */
  namespace?: string;
  /** Why: the reason an admin gave (told to the owner too), or the idle controller's, with figures. */
  reason?: string;
  /** Automatic actions: the measured figures behind the decision. */
  figures?: Record<string, string | number | null>;
}

const lineWriter = (write: (line: string) => void): AuditWriter => ({
  write: (entry) => write(`${JSON.stringify(entry)}\n`),
});

interface LineStream {
  write(line: string): unknown;
}

/**
 * Where the `stdout` and `stderr` sinks write, looked up at each line: the process streams in
 * production; the test setup (test/support/quiet-audit.ts) swaps in a silent one so the audit
 * trail of every mutating test request does not flood the test output.
 */
export const auditStreams: { stdout: LineStream; stderr: LineStream } = {
  stdout: process.stdout,
  stderr: process.stderr,
};

/** The app log, as much of it as the sinks use. */
export interface AuditLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export function createAuditWriter(sink: AuditSink, log: AuditLog): AuditWriter {
  if (sink === "none") return { write: () => {} };
  if (sink === "stdout") return lineWriter((line) => auditStreams.stdout.write(line));
  if (sink === "stderr") return lineWriter((line) => auditStreams.stderr.write(line));
  if (sink === "log") return { write: (entry) => log.info({ audit: entry }, "audit") };
  const stream = createWriteStream(sink.file, { flags: "a", mode: 0o600 });
  stream.on("error", (error) => log.error({ err: error }, "cannot write the audit file"));
  return {
    write: (entry) => stream.write(`${JSON.stringify(entry)}\n`),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}
