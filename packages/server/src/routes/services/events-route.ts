// GET /my-lab/events: the namespace's Kubernetes Events as Server-Sent Events, each `data:`
// the raw Event JSON (what the web parses). Existing events come first, then new ones. The stream
// is tied to its client from the first byte of the request: a client that leaves at any point
// (even before the first list answered) releases its slot and its subscription to the shared
// watch. Streams are limited per user and in all (`security.event-streams.*`): 429 beyond.
import { servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { namespaceEvents } from "../../features/events/index.ts";
import { errorResponses, onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { addCommands, servicesScope, withCommandsQuery } from "./scope.ts";

const KEEPALIVE_MS = 15_000;
/** The abort reason of every stream whose client left: one object, not a DOMException (and its stack) per stream. */
const CLIENT_GONE = Object.freeze({ name: "AbortError", message: "The client went away" });

export function registerEventsRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/my-lab/events",
    {
      schema: {
        tags: ["services"],
        summary: "Server-Sent Events: the namespace's Kubernetes Events (raw JSON in each data:)",
        headers: onyxiaHeaders,
        querystring: { type: "object", properties: { ...withCommandsQuery } },
        response: { 200: { type: "string" }, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request, reply) => {
      // From the first byte: the response closes when the client leaves or the stream ends.
      const gone = new AbortController();
      reply.raw.once("close", () => gone.abort(CLIENT_GONE));

      const scope = await servicesScope(request, ctx);
      const release = ctx.eventStreams.acquire(scope.user.idep);
      if (gone.signal.aborted) release();
      else gone.signal.addEventListener("abort", release, { once: true });
      let events: Awaited<ReturnType<typeof namespaceEvents>>;
      try {
        // Listed first: an unreachable cluster is a clean 503 before the stream starts.
        events = await namespaceEvents(ctx.platform, scope, scope.namespace, gone.signal);
      } catch (error) {
        if (!gone.signal.aborted) throw error;
        // Nobody to answer: the client left while the first list was running.
        reply.hijack();
        reply.raw.destroy();
        return;
      }
      if (gone.signal.aborted) {
        reply.hijack();
        reply.raw.destroy();
        return;
      }
      addCommands(request, reply, [servicesCommands.events(scope.namespace)]);

      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        ...(reply.getHeader("onyxia-commands")
          ? { "onyxia-commands": String(reply.getHeader("onyxia-commands")) }
          : {}),
      });
      out.flushHeaders(); // the client learns the stream is open even before the first event
      const send = (event: unknown) => out.write(`data: ${JSON.stringify(event)}\n\n`);
      for (const event of events.initial) send(event);

      const keepalive = setInterval(() => out.write(": keepalive\n\n"), KEEPALIVE_MS);
      gone.signal.addEventListener("abort", () => clearInterval(keepalive), { once: true });
      // At shutdown: the client is told to come back shortly (another replica will answer).
      const forget = ctx.lifecycle.holdStream((retryMs) => {
        out.end(`retry: ${retryMs}\n: the server is shutting down, reconnect\n\n`);
      });
      gone.signal.addEventListener("abort", forget, { once: true });
      events.follow({
        event: send,
        note: (message, final) => {
          out.write(`: ${message}\n\n`);
          if (final) out.end();
        },
      });
    },
  );
}
