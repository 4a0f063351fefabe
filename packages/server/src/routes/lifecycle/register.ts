import type { FastifyInstance } from "fastify";
import type { ApiContext } from "../context.ts";
import { registerDeleteRoute } from "./delete-route.ts";
import { registerEditRoutes } from "./edit-routes.ts";
import { registerLaunchRoute } from "./launch-route.ts";
import { registerOnboardingRoute } from "./onboarding-route.ts";
import { registerServiceActionRoutes } from "./service-action-routes.ts";

/** The services write side (reference §1.2; features/README.md lists the endpoints). */
export function registerLifecycleRoutes(api: FastifyInstance, ctx: ApiContext): void {
  registerLaunchRoute(api, ctx);
  registerDeleteRoute(api, ctx);
  registerServiceActionRoutes(api, ctx);
  registerEditRoutes(api, ctx);
  registerOnboardingRoute(api, ctx);
}
