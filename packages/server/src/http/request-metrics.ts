// Request counts and durations go to metrics (not to the log): one observation per answered
// request, labelled with the route PATTERN Fastify matched (`/my-lab/app`, `/public/schemas/*`),
// never the raw URL, so ids and query strings cannot blow up the series.
import type { FastifyInstance } from "fastify";
import type { MetricsPort } from "../platform/metrics-port.ts";

export function registerRequestMetrics(app: FastifyInstance, metrics: MetricsPort): void {
  app.addHook("onResponse", async (request, reply) => {
    metrics.requestCompleted({
      route: request.routeOptions.url ?? "unmatched",
      method: request.method,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
}
