// Every request gets an id: the caller's (or the proxy's) X-Request-Id when it is sane, else a
// fresh UUID. It is on every log line of the request (`requestId`), in the audit entry, in the
// X-Request-Id response header and in problem+json bodies, so one id follows a request from the
// ingress to the server's logs.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

export const REQUEST_ID_HEADER = "x-request-id";

/** Ids accepted from outside: 1-128 visible characters with no spaces, quotes or separators. */
const SANE_REQUEST_ID = /^[\w.:@+=/-]{1,128}$/;

/** Fastify's `genReqId`: the incoming X-Request-Id if sane (the first one), else a UUID. */
export function requestIdOf(request: Pick<IncomingMessage, "headers">): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(given) ? given[0] : given;
  return candidate !== undefined && SANE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/**
 * The id in the response header, set on the raw response so hijacked answers (event streams,
 * followed logs) carry it too.
 */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
  });
}
