// Every API route, registered under the configured prefix (default /api).
import type { FastifyInstance } from "fastify";
import { registerAdminRoutes } from "./admin-routes.ts";
import { registerCatalogRoutes } from "./catalog-routes.ts";
import type { ApiContext } from "./context.ts";
import { registerLifecycleRoutes } from "./lifecycle/index.ts";
import { registerOpenApiRoute } from "./openapi.ts";
import { registerProfileRoutes } from "./profile-routes.ts";
import { registerPublicRoutes } from "./public-routes.ts";
import { registerServicesRoutes } from "./services/index.ts";
import { registerUserRoutes } from "./user-routes.ts";

export async function registerApiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await app.register(
    async (api) => {
      registerPublicRoutes(api, ctx);
      registerUserRoutes(api, ctx);
      registerProfileRoutes(api, ctx);
      registerCatalogRoutes(api, ctx);
      registerServicesRoutes(api, ctx);
      registerLifecycleRoutes(api, ctx);
      registerAdminRoutes(api, ctx);
      registerOpenApiRoute(api);
    },
    { prefix: ctx.config.server.basePath },
  );
}
