// /metrics on a port of its own (`server.metrics-port`), never on the API's: the API port is the
// one the ingress publishes, and the figures (routes, catalog ids, load) are for the cluster's
// Prometheus only. The chart's Service names this port `metrics`, its ServiceMonitor scrapes it
// and its optional NetworkPolicy opens it to `networkPolicy.metricsFrom` only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { MetricsPort } from "../platform/metrics-port.ts";

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsListener(
  metrics: MetricsPort,
  options: { port: number; host: string },
): Promise<MetricsListener> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found: try /metrics\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end();
      return;
    }
    metrics.collect().then(
      ({ contentType, body }) => {
        response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
        response.end(request.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(`cannot collect the metrics: ${(error as Error).message}\n`);
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
