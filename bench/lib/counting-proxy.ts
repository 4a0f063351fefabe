// An HTTP proxy in front of the stack's MinIO that counts what it answers: MinIO keeps no
// per-request byte count we can read, so a bench points both clients (the browser's region
// configuration, native DuckDB's s3_endpoint) at this proxy and reads the body bytes sent per
// object key and the requests (method, path, range). Requests go through unchanged (the Host
// header included, which SigV4 signs), one keep-alive agent to MinIO.
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: the endpoint clients use instead of MinIO's. */
  url: string;
  /** Response body bytes, by request path (`/bucket/key`, no query). */
  bytesSent: Map<string, number>;
  requests: { method: string; path: string; range: string | undefined; query: string }[];
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const bytesSent = new Map<string, number>();
  const requests: CountingProxy["requests"] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://proxy");
    const path = decodeURIComponent(url.pathname);
    requests.push({
      method: request.method ?? "GET",
      path,
      range: request.headers.range,
      query: url.search,
    });
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.on("data", (chunk: Buffer) => {
          bytesSent.set(path, (bytesSent.get(path) ?? 0) + chunk.length);
        });
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    request.on("aborted", () => forwarded.destroy());
    request.pipe(forwarded);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bytesSent,
    requests,
    reset() {
      bytesSent.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
