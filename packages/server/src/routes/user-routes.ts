// /user/info: the caller and their projects in the selected region (reference §1.2, §11).
import { isPlatformAdmin } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { projectsFor, resolveRegion } from "../user/index.ts";
import type { ApiContext } from "./context.ts";
import { requireUser } from "../http/request-caller.ts";
import { errorResponses, onyxiaHeaders, userInfoSchema } from "./api-schemas.ts";

export function registerUserRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/user/info",
    {
      schema: {
        tags: ["user"],
        summary: "The caller (without token claims) and their projects",
        headers: onyxiaHeaders,
        response: { 200: userInfoSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const user = await requireUser(request, ctx);
      const region = resolveRegion(request, ctx.config.regions, ctx.config.server.unknownRegion);
      const { attributes: _claims, ...visible } = user;
      return {
        ...visible,
        // The web shows the admin view's link only to admins (the routes check again).
        admin: isPlatformAdmin(user, ctx.config.admin.roles),
        projects: projectsFor(user, region, ctx.ownNamespace),
      };
    },
  );
}
