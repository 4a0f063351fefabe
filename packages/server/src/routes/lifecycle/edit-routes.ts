// Editing a running service: diff, upgrade, rollback, revisions.
import type { FastifyInstance } from "fastify";
import { applyEdit, diffEdit, revisions, rollback } from "../../features/edit/index.ts";
import { validReleaseName } from "../../features/releases/index.ts";
import { onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { acting, releaseDeps, tags, writeErrors } from "./acting.ts";
import {
  editRequestSchema,
  rollbackRequestSchema,
  type EditRequest,
  type RollbackRequest,
} from "@onyxia-ts/core";
import { serviceAction } from "./service-action-routes.ts";

export function registerEditRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const deps = releaseDeps(ctx);
  serviceAction<EditRequest>(
    api,
    ctx,
    "/my-lab/app/diff",
    "What an edit would change: values, rendered manifest, quota",
    editRequestSchema,
    (c, b) => diffEdit(deps, c, b),
  );
  api.post<{ Body: EditRequest }>(
    "/my-lab/app/upgrade",
    {
      schema: {
        tags,
        summary: "Apply an edit: helm upgrade with the new values (they replace the old ones)",
        headers: onyxiaHeaders,
        body: editRequestSchema,
        response: writeErrors,
      },
    },
    async (request, reply) => {
      validReleaseName(request.body.serviceID);
      const { result, timer } = await applyEdit(deps, await acting(request, ctx), request.body);
      void reply.header("server-timing", timer.header());
      return result;
    },
  );
  serviceAction<RollbackRequest>(
    api,
    ctx,
    "/my-lab/app/rollback",
    "Roll a service back to a kept revision",
    rollbackRequestSchema,
    (c, b) => rollback(deps, c, b.serviceID, b.revision),
  );
  api.get<{ Querystring: { serviceId: string } }>(
    "/my-lab/app/revisions",
    {
      schema: {
        tags,
        summary: "The kept revisions of a service (helm history)",
        headers: onyxiaHeaders,
        querystring: {
          type: "object",
          required: ["serviceId"],
          properties: { serviceId: { type: "string", maxLength: 253 } },
        },
        response: writeErrors,
      },
    },
    async (request) =>
      revisions(
        deps,
        await acting(request, ctx),
        validReleaseName(request.query.serviceId, "serviceId"),
      ),
  );
}
