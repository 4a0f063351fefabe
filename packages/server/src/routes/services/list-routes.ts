// GET /my-lab/services and GET /my-lab/app (reference §1.2): Onyxia's Service objects, read
// from the namespace cache.
import { servicesCommands } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { servicesListing, visibleService } from "../../features/services-list/index.ts";
import { viewerOf } from "../../features/releases/index.ts";
import { sendPrecomputed } from "../../http/send-precomputed.ts";
import { errorResponses, onyxiaHeaders, openObject } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import {
  addCommands,
  readyCache,
  requireReleaseName,
  servicesScope,
  withCommandsQuery,
} from "./scope.ts";

const tags = ["services"];

export function registerListRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/my-lab/services",
    {
      schema: {
        tags,
        summary: "The project's services (own, shared, and orphan releases), newest first",
        headers: onyxiaHeaders,
        querystring: {
          type: "object",
          properties: {
            ...withCommandsQuery,
            groupId: { type: "string", description: "Deprecated, ignored" },
          },
        },
        response: {
          200: openObject("{apps: Service[], groups: []}"),
          ...errorResponses(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const scope = await servicesScope(request, ctx);
      const cache = await readyCache(ctx, scope);
      const body = servicesListing(cache, scope.region, viewerOf(scope), (m) =>
        request.log.warn(m),
      );
      addCommands(request, reply, [servicesCommands.list(scope.namespace)]);
      return sendPrecomputed(request, reply, body);
    },
  );

  app.get<{ Querystring: { serviceId?: string } }>(
    "/my-lab/app",
    {
      schema: {
        tags,
        summary: "One service",
        headers: onyxiaHeaders,
        querystring: {
          type: "object",
          properties: { serviceId: { type: "string", maxLength: 253 }, ...withCommandsQuery },
        },
        response: { 200: openObject("Service"), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const serviceId = requireReleaseName(request.query.serviceId, "serviceId");
      const scope = await servicesScope(request, ctx);
      const cache = await readyCache(ctx, scope);
      const service = visibleService(
        cache,
        scope.region,
        viewerOf(scope),
        serviceId,
        scope.namespace,
      );
      addCommands(request, reply, [
        servicesCommands.status(serviceId, scope.namespace),
        servicesCommands.notes(serviceId, scope.namespace),
        servicesCommands.values(serviceId, scope.namespace),
        servicesCommands.pods(serviceId, scope.namespace),
      ]);
      return reply.type("application/json; charset=utf-8").send(JSON.stringify(service));
    },
  );
}
