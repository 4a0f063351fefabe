// GET /my-lab/events: the namespace's Kubernetes Events as Server-Sent Events, each `data:`
// the raw Event JSON (what the web parses). Existing events come first, then new ones; the
// watch is closed when the client goes away.
import { servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import type { KubeClient, WatchHandle } from "../../kubernetes/index.ts";
import type { ServicesRuntime } from "../../services/index.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses, onyxiaHeaders } from "../schemas.ts";
import { addCommands, asCaller, kubeCall, servicesScope, withCommandsQuery } from "./scope.ts";
import { KubernetesApiError } from "../../kubernetes/index.ts";

/** Open upstream event watches (tests check that a client leaving ends its watch). */
export const eventWatches = { open: 0 };

const KEEPALIVE_MS = 15_000;
const RETRY_MS = 2_000;

interface RawEvent {
  metadata?: { resourceVersion?: string };
}

export function registerEventsRoute(
  app: FastifyInstance,
  ctx: ApiContext,
  runtime: ServicesRuntime,
): void {
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
      const path = `/api/v1/namespaces/${scope.namespace}/events`;
      const client: KubeClient = (
        await kubeCall("Kubernetes is unavailable", () => runtime.cluster(scope.region))
      ).client;
      // List first: an unreachable cluster is a clean 503 before the stream starts.
      // With the caller's identity: in impersonate/tokenPassthrough modes Kubernetes checks events itself.
      const identity = asCaller(scope);
      const initial = await kubeCall(
        `Cannot read the events of namespace "${scope.namespace}"`,
        () => client.list<RawEvent>(path, {}, identity),
        {
          asCaller: scope.kube.mode !== "serviceAccount",
        },
      );
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
      for (const event of initial.items) send(event);

      let resourceVersion = initial.metadata?.resourceVersion ?? "";
      let watch: WatchHandle | undefined;
      let closed = false;
      let retry: NodeJS.Timeout | undefined;
      const keepalive = setInterval(() => out.write(": keepalive\n\n"), KEEPALIVE_MS);
      const close = () => {
        closed = true;
        clearInterval(keepalive);
        clearTimeout(retry);
        watch?.abort();
      };
      out.on("close", close);

      const startWatch = () => {
        if (closed) return;
        watch = client.watch<RawEvent>(
          path,
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
          (event) => {
            if (event.object?.metadata?.resourceVersion)
              resourceVersion = event.object.metadata.resourceVersion;
            if (event.type === "ADDED" || event.type === "MODIFIED") send(event.object);
            else if (event.type === "ERROR") resourceVersion = ""; // 410 Gone: restart from now
          },
          identity,
        );
        eventWatches.open++;
        void watch.done.then((error) => {
          eventWatches.open--;
          if (closed) return;
          // Refused (a passed-through token expired, a RoleBinding removed): retrying would not help.
          if (
            error instanceof KubernetesApiError &&
            (error.status === 401 || error.status === 403)
          ) {
            out.write(`: ${error.message.replace(/\s+/g, " ")}\n\n`);
            close();
            out.end();
            return;
          }
          if (error)
            out.write(
              `: watch interrupted (${error.message.replace(/\s+/g, " ")}), reconnecting\n\n`,
            );
          retry = setTimeout(startWatch, error ? RETRY_MS : 0);
        });
      };
      startWatch();
    },
  );
}
