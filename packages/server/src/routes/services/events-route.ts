// GET /my-lab/events: the namespace's Kubernetes Events as Server-Sent Events, each `data:`
// the raw Event JSON (what the web parses). Existing events come first, then new ones; the
// watch is closed when the client goes away.
import { servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { namespaceEvents } from "../../features/events/index.ts";
import { errorResponses, onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { addCommands, servicesScope, withCommandsQuery } from "./scope.ts";

const KEEPALIVE_MS = 15_000;

export function registerEventsRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/my-lab/events",
    {
      schema: {
        tags: ["services"],
        summary: "Server-Sent Events: the namespace's Kubernetes Events (raw JSON in each data:)",
        headers: onyxiaHeaders,
        querystring: { type: "object", properties: { ...withCommandsQuery } },
        response: { 200: { type: "string" }, ...errorResponses(401, 403, 503) },
      },
    },
    async (request, reply) => {
      const scope = await servicesScope(request, ctx);
      // Listed first: an unreachable cluster is a clean 503 before the stream starts.
      const events = await namespaceEvents(ctx.platform, scope, scope.namespace);
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
      const close = () => {
        clearInterval(keepalive);
        events.stop();
      };
      out.on("close", close);
      events.follow({
        event: send,
        note: (message, final) => {
          out.write(`: ${message}\n\n`);
          if (final) {
            close();
            out.end();
          }
        },
      });
    },
  );
}
