// A second load generator, binary-safe: autocannon appends every body chunk to a string
// (`req.body += data`), which is slow on gzip bytes and, on 2 shared cores, slows the server
// too. This one discards bodies unread, like a socket that only counts bytes.
import { Agent, request } from "node:http";
import type { LoadResult } from "./load-test.ts";

export async function httpLoadTest(
  name: string,
  url: string,
  options: {
    durationSeconds: number;
    connections: number;
    /** Fixed headers, or made for each request. */
    headers?: Record<string, string> | (() => Record<string, string>);
  },
): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(url))
    throw new Error(`load tests only target 127.0.0.1, not ${url}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const times: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let bodyBytes = 0;
  const end = Date.now() + options.durationSeconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const headers =
        typeof options.headers === "function" ? options.headers() : (options.headers ?? {});
      const req = request(url, { agent, headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => {
          times.push(performance.now() - started);
          bodyBytes = bytes;
          if ((res.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end) await once();
    }),
  );
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return {
    name,
    requests: times.length,
    non2xx,
    errors,
    reqPerSec: times.length / options.durationSeconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    bodyBytes,
  };
}
