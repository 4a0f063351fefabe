// The server's logs captured in memory for a test to search: every log line at debug level and
// every audit entry (pass `logger` and `audit` to buildApp).
import { Writable } from "node:stream";

export function captureServerLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return {
    lines,
    logger: { level: "debug", stream },
    audit: { write: (entry: unknown) => void lines.push(JSON.stringify(entry)) },
  };
}
