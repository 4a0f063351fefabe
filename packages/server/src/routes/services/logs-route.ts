// GET /my-lab/app/logs: a pod's log as plain text; `follow=true` streams it. The pod must
// belong to the release (label app.kubernetes.io/instance), so a caller cannot read the logs
// of any pod of the namespace through a service they may see.
import {
  checkDnsLabel,
  checkDnsSubdomain,
  INSTANCE_LABEL,
  isVisibleTo,
  servicesCommands,
} from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { InvalidError, NotFoundError } from "../../domain/errors.ts";
import { namespaceServices, type ServicesRuntime } from "../../services/index.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses, onyxiaHeaders } from "../schemas.ts";
import {
  addCommands,
  asCaller,
  readyCache,
  requireReleaseName,
  servicesScope,
  viewerOf,
  withCommandsQuery,
  kubeCall,
} from "./scope.ts";

interface LogsQuery {
  serviceId?: string;
  taskId?: string;
  container?: string;
  tailLines?: number;
  follow?: boolean;
}

const MAX_TAIL_LINES = 100_000;

export function registerLogsRoute(
  app: FastifyInstance,
  ctx: ApiContext,
  runtime: ServicesRuntime,
): void {
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
      const cache = await readyCache(runtime, scope);
      const service = namespaceServices(cache, { region: scope.region }).find(
        (s) => s.id === serviceId,
      );
      if (!service || !isVisibleTo(service, viewerOf(scope.user, scope)))
        throw new NotFoundError(
          `Service ${JSON.stringify(serviceId)} not found in namespace ${JSON.stringify(scope.namespace)}`,
        );
      const pod = cache.pods.objects.get(taskId);
      if (!pod || pod.metadata?.labels?.[INSTANCE_LABEL] !== serviceId)
        throw new NotFoundError(
          `Pod ${JSON.stringify(taskId)} is not a task of service ${JSON.stringify(serviceId)}`,
        );
      const declared = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map(
        (c) => c.name,
      );
      // Without a container, the pod's first one (the API refuses to guess for multi-container pods).
      const chosen = container ?? pod.spec?.containers?.[0]?.name;
      if (chosen === undefined || !declared.includes(chosen))
        throw new NotFoundError(
          `Container ${JSON.stringify(chosen ?? "")} not found in pod ${JSON.stringify(taskId)} (containers: ${declared.join(", ")})`,
        );

      const cluster = await runtime.cluster(scope.region);
      // With the caller's identity: in impersonate/tokenPassthrough modes Kubernetes checks pods/log itself.
      const upstream = await kubeCall(
        `Cannot read the log of pod "${taskId}" in namespace "${scope.namespace}"`,
        () =>
          cluster.client.stream(
            `/api/v1/namespaces/${scope.namespace}/pods/${taskId}/log`,
            { container: chosen, tailLines, follow: follow || undefined },
            asCaller(scope),
          ),
        { asCaller: scope.kube.mode !== "serviceAccount" },
      );
      // The response (not the request, which "closes" once read) ends when the client goes away.
      reply.raw.on("close", () => upstream.abort());
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
