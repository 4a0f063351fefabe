import type { FastifyReply, FastifyRequest } from "fastify";
import { acceptsGzip, type PrecomputedBody } from "./precomputed-body.ts";

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
