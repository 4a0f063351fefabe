// GET /my-lab/quota: Onyxia's {spec, usage} from ResourceQuota onyxia-quota; 403 when quotas
// are disabled for this kind of project (the web then hides the widget), {} when none exists.
import { ONYXIA_QUOTA_NAME, quotaUsage, servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { ForbiddenError } from "../../domain/errors.ts";
import { KubernetesApiError } from "../../kubernetes/index.ts";
import type { ServicesRuntime } from "../../services/index.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses, onyxiaHeaders, openObject } from "../schemas.ts";
import { addCommands, kubeCall, servicesScope, withCommandsQuery } from "./scope.ts";

export function registerQuotaRoute(
  app: FastifyInstance,
  ctx: ApiContext,
  runtime: ServicesRuntime,
): void {
  app.get(
    "/my-lab/quota",
    {
      schema: {
        tags: ["services"],
        summary: "The project's resource quota: {spec, usage}",
        headers: onyxiaHeaders,
        querystring: { type: "object", properties: { ...withCommandsQuery } },
        response: {
          200: openObject("QuotaUsage {spec, usage}, or {} when there is no quota"),
          ...errorResponses(401, 403, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const scope = await servicesScope(request, ctx);
      const quotas = scope.region.services.quotas;
      const isGroup = scope.project.group !== undefined;
      if (!(isGroup ? quotas.groupEnabled : quotas.userEnabled))
        throw new ForbiddenError(
          `Quotas are disabled for ${isGroup ? "group" : "personal"} projects in region "${scope.region.id}"`,
        );
      // Read with the server's rights, once Kubernetes agrees the caller may read the namespace.
      await kubeCall(`Kubernetes is unavailable for region "${scope.region.id}"`, () =>
        runtime.authorizeRead(scope.region, scope.kube, scope.namespace),
      );
      addCommands(request, reply, [servicesCommands.quota(scope.namespace)]);
      const quota = await kubeCall(
        `Cannot read the quota of namespace "${scope.namespace}"`,
        async () => {
          const client = (await runtime.cluster(scope.region)).client;
          try {
            return await client.getJson<Parameters<typeof quotaUsage>[0]>(
              `/api/v1/namespaces/${scope.namespace}/resourcequotas/${ONYXIA_QUOTA_NAME}`,
            );
          } catch (error) {
            if (error instanceof KubernetesApiError && error.status === 404) return undefined;
            throw error;
          }
        },
      );
      return quota === undefined ? {} : quotaUsage(quota);
    },
  );
}
