// GET /my-lab/services and GET /my-lab/app (reference §1.2): Onyxia's Service objects, read
// from the namespace cache.
import { isVisibleTo, servicesCommands, type Service } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { precomputeBody, type PrecomputedBody } from "../../catalogs/precomputed-body.ts";
import { sendPrecomputed } from "../../catalogs/send-precomputed.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { namespaceServices, type ServicesRuntime } from "../../services/index.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses, onyxiaHeaders, openObject } from "../schemas.ts";
import {
  addCommands,
  readyCache,
  requireReleaseName,
  servicesScope,
  viewerOf,
  withCommandsQuery,
} from "./scope.ts";

const tags = ["services"];
// The serialized listing (bytes, ETag, gzip) per viewer, reused while the namespace does not
// change: the web polls every 3 s and mostly gets a 304 or the same bytes.
const listingBodies = new WeakMap<Service[], Map<string, PrecomputedBody>>();

function listingBody(
  services: Service[],
  viewer: { idep: string; sharedNamespace: boolean },
): PrecomputedBody {
  let byViewer = listingBodies.get(services);
  if (!byViewer) listingBodies.set(services, (byViewer = new Map()));
  const key = viewer.sharedNamespace ? `user:${viewer.idep}` : "*";
  let body = byViewer.get(key);
  if (body === undefined) {
    body = precomputeBody(
      JSON.stringify({ apps: services.filter((s) => isVisibleTo(s, viewer)), groups: [] }),
    );
    byViewer.set(key, body);
  }
  return body;
}

export function registerListRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  runtime: ServicesRuntime,
): void {
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
      const cache = await readyCache(runtime, scope);
      const services = namespaceServices(cache, {
        region: scope.region,
        log: (m) => request.log.warn(m),
      });
      addCommands(request, reply, [servicesCommands.list(scope.namespace)]);
      return sendPrecomputed(request, reply, listingBody(services, viewerOf(scope.user, scope)));
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
      const cache = await readyCache(runtime, scope);
      const service = namespaceServices(cache, { region: scope.region }).find(
        (s) => s.id === serviceId,
      );
      if (!service || !isVisibleTo(service, viewerOf(scope.user, scope)))
        throw new NotFoundError(
          `Service ${JSON.stringify(serviceId)} not found in namespace ${JSON.stringify(scope.namespace)}`,
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
