// GET /my-lab/quota: Onyxia's {spec, usage} from ResourceQuota onyxia-quota (features/quota).
import { servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { namespaceQuotaUsage } from "../../features/quota/index.ts";
import { errorResponses, onyxiaHeaders, openObject } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { addCommands, servicesScope, withCommandsQuery } from "./scope.ts";

export function registerQuotaRoute(app: FastifyInstance, ctx: ApiContext): void {
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
      const usage = await namespaceQuotaUsage(ctx.platform, scope, scope.namespace);
      addCommands(request, reply, [servicesCommands.quota(scope.namespace)]);
      return usage;
    },
  );
}
