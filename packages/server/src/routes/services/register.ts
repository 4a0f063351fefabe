import type { FastifyInstance } from "fastify";
import type { ApiContext } from "../context.ts";
import { registerEventsRoute } from "./events-route.ts";
import { registerListRoutes } from "./list-routes.ts";
import { registerLogsRoute } from "./logs-route.ts";
import { registerQuotaRoute } from "./quota-route.ts";

export function registerServicesRoutes(app: FastifyInstance, ctx: ApiContext): void {
  registerListRoutes(app, ctx);
  registerLogsRoute(app, ctx);
  registerEventsRoute(app, ctx);
  registerQuotaRoute(app, ctx);
}
