// GET /my-lab/app/logs: a pod's log as plain text; `follow=true` streams it. The pod must
// belong to the release (label app.kubernetes.io/instance), so a caller cannot read the logs
// of any pod of the namespace through a service they may see.
import { checkDnsLabel, checkDnsSubdomain, servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { InvalidError } from "../../domain/errors.ts";
import { viewerOf } from "../../features/releases/index.ts";
import { serviceTask, visibleService } from "../../features/services-list/index.ts";
import { kubeRequestHeaders } from "../../user/index.ts";
import { translated } from "../../platform/translate-errors.ts";
import { errorResponses, onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import {
  addCommands,
  readyCache,
  requireReleaseName,
  servicesScope,
  withCommandsQuery,
} from "./scope.ts";

interface LogsQuery {
  serviceId?: string;
  taskId?: string;
  container?: string;
  tailLines?: number;
  follow?: boolean;
}

const MAX_TAIL_LINES = 100_000;

export function registerLogsRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: LogsQuery }>(
    "/my-lab/app/logs",
    {
      schema: {
        tags: ["services"],
        summary: "A pod's log (plain text); follow=true streams it",
        headers: onyxiaHeaders,
        querystring: {
          type: "object",
          properties: {
            serviceId: { type: "string", maxLength: 253 },
            taskId: { type: "string", maxLength: 253, description: "The pod name" },
            container: { type: "string", maxLength: 63 },
            tailLines: { type: "integer", minimum: 1, maximum: MAX_TAIL_LINES },
            follow: { type: "boolean" },
            ...withCommandsQuery,
          },
        },
        response: { 200: { type: "string" }, ...errorResponses(400, 401, 403, 404, 502, 503) },
      },
    },
    async (request, reply) => {
      const { taskId, container, tailLines, follow } = request.query;
      const serviceId = requireReleaseName(request.query.serviceId, "serviceId");
      if (!taskId) throw new InvalidError('Query parameter "taskId" (the pod name) is required');
      const podCheck = checkDnsSubdomain(taskId);
      if (!podCheck.ok)
        throw new InvalidError(`Invalid taskId ${JSON.stringify(taskId)}: ${podCheck.reason}`);
      if (container !== undefined) {
        const check = checkDnsLabel(container);
        if (!check.ok)
          throw new InvalidError(`Invalid container ${JSON.stringify(container)}: ${check.reason}`);
      }
      const scope = await servicesScope(request, ctx);
      const cache = await readyCache(ctx, scope);
      visibleService(cache, scope.region, viewerOf(scope), serviceId, scope.namespace);
      const { container: chosen } = serviceTask(cache, serviceId, taskId, container);

      // With the caller's identity: in impersonate/tokenPassthrough modes Kubernetes checks pods/log itself.
      const upstream = await translated(
        async () =>
          (await ctx.platform.region(scope.region)).client.stream(
            `/api/v1/namespaces/${scope.namespace}/pods/${taskId}/log`,
            { container: chosen, tailLines, follow: follow || undefined },
            { headers: kubeRequestHeaders(scope.kube) },
          ),
        {
          what: `Cannot read the log of pod "${taskId}" in namespace "${scope.namespace}"`,
          asCaller: scope.kube.mode !== "serviceAccount",
        },
      );
      // The response (not the request, which "closes" once read) ends when the client goes away.
      reply.raw.on("close", () => upstream.abort());
      // A followed log never ends by itself: a shutdown ends it (the client may ask again).
      if (follow)
        reply.raw.on(
          "close",
          ctx.lifecycle.holdStream(() => upstream.abort()),
        );
      addCommands(request, reply, [
        servicesCommands.logs(taskId, chosen, scope.namespace, {
          ...(tailLines ? { tailLines } : {}),
          ...(follow ? { follow } : {}),
        }),
      ]);
      return reply
        .type("text/plain; charset=utf-8")
        .header("cache-control", "no-store")
        .send(upstream.body);
    },
  );
}
