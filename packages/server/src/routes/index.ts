// Every API route, registered under the configured prefix (default /api).
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "./context.ts";
import { registerMyLabRoutes } from "./my-lab-routes.ts";
import { registerOpenApiRoute } from "./openapi.ts";
import { registerPublicRoutes } from "./public-routes.ts";
import { registerUserRoutes } from "./user-routes.ts";

export type { ApiContext, BuildInfo } from "./context.ts";
export { registerOpenApi } from "./openapi.ts";

export async function registerApiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await app.register(
    async (api) => {
      registerPublicRoutes(api, ctx);
      registerUserRoutes(api, ctx);
      registerMyLabRoutes(api, ctx);
      registerOpenApiRoute(api);
    },
    { prefix: ctx.config.server.basePath },
  );
}
