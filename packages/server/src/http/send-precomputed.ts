import type { FastifyReply, FastifyRequest } from "fastify";
import type { PrecomputedBody } from "../shared/precomputed-body.ts";

/**
 * Replies with a precomputed JSON body: 304 when the client already has it (If-None-Match),
 * gzip bytes when accepted, else the plain bytes. Nothing is serialized or compressed here.
 */
export function sendPrecomputed(
  request: FastifyRequest,
  reply: FastifyReply,
  body: PrecomputedBody,
): FastifyReply {
  reply
    .header("etag", body.etag)
    .header("vary", "accept-encoding")
    .header("cache-control", "no-cache");
  reply.type("application/json; charset=utf-8");
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined && ifNoneMatch.split(",").some((t) => t.trim() === body.etag)) {
    return reply.code(304).send();
  }
  if (acceptsGzip(request.headers["accept-encoding"])) {
    return reply.header("content-encoding", "gzip").send(body.gzip());
  }
  return reply.send(body.buffer);
}

/** Whether an `Accept-Encoding` header accepts gzip (q=0 refuses it). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : (acceptEncoding ?? "");
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}
