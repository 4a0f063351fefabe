// A static file server for data-explorer tests and the benchmark: HTTP range requests (206),
// HEAD, CORS for the datalab's origin, and a count of the body bytes it sent per file.
import { createReadStream, statSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface RangeServer {
  url: string;
  /** Body bytes sent, by file name; reset() clears them. */
  bytesSent: Map<string, number>;
  requests: { method: string; file: string; range: string | undefined }[];
  reset(): void;
  close(): Promise<void>;
}

export async function startRangeServer(directory: string, port = 0): Promise<RangeServer> {
  const bytesSent = new Map<string, number>();
  const requests: RangeServer["requests"] = [];
  const cors = (response: ServerResponse) => {
    response.setHeader("access-control-allow-origin", "*");
    response.setHeader("access-control-allow-methods", "GET, HEAD, OPTIONS");
    response.setHeader("access-control-allow-headers", "range, content-type");
    response.setHeader(
      "access-control-expose-headers",
      "content-range, content-length, accept-ranges, etag",
    );
  };
  const server = createServer((request, response) => {
    cors(response);
    if (request.method === "OPTIONS") return void response.writeHead(204).end();
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).replace(
      /^\/+/,
      "",
    );
    const file = path.join(directory, name);
    const range = request.headers.range;
    requests.push({ method: request.method ?? "GET", file: name, range });
    let size: number;
    try {
      if (!file.startsWith(directory + path.sep)) throw new Error("outside");
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      return void response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
    if (name.startsWith("forbidden"))
      return void response.writeHead(403, { "content-type": "text/plain" }).end("forbidden");
    let start = 0;
    let end = size - 1;
    let status = 200;
    const match = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
    if (match) {
      if (match[1] === "" && match[2] !== "") {
        start = Math.max(0, size - Number(match[2]));
      } else {
        start = Number(match[1]);
        if (match[2] !== "") end = Math.min(size - 1, Number(match[2]));
      }
      if (start >= size) {
        response.writeHead(416, { "content-range": `bytes */${size}` });
        return void response.end();
      }
      status = 206;
    }
    const length = end - start + 1;
    response.writeHead(status, {
      "content-type": "application/octet-stream",
      "accept-ranges": "bytes",
      "content-length": String(length),
      ...(status === 206 ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
      "cache-control": "no-store",
    });
    if (request.method === "HEAD") return void response.end();
    const stream = createReadStream(file, { start, end });
    stream.on("data", (chunk) => bytesSent.set(name, (bytesSent.get(name) ?? 0) + chunk.length));
    stream.pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    bytesSent,
    requests,
    reset: () => {
      bytesSent.clear();
      requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
