// The services read routes (reference §1.2): listing, one service, logs, events, quota.
// Registered by app.ts; `options.services` injects a runtime (tests, benches) or its options.
import type { FastifyInstance } from "fastify";
import { ServicesRuntime, type ServicesRuntimeOptions } from "../../services/index.ts";
import type { ApiContext } from "../context.ts";
import { registerEventsRoute } from "./events-route.ts";
import { registerListRoutes } from "./list-routes.ts";
import { registerLogsRoute } from "./logs-route.ts";
import { registerQuotaRoute } from "./quota-route.ts";

declare module "../../app.ts" {
  interface BuildAppOptions {
    /** The Kubernetes side of the services routes. Default: a runtime from each region's config. */
    services?: ServicesRuntime | ServicesRuntimeOptions;
  }
}

export interface ServicesRoutesOptions {
  prefix: string;
  ctx: ApiContext;
  services?: ServicesRuntime | ServicesRuntimeOptions | undefined;
}

export async function servicesRoutes(
  app: FastifyInstance,
  options: ServicesRoutesOptions,
): Promise<void> {
  const owned = !(options.services instanceof ServicesRuntime);
  const runtime =
    options.services instanceof ServicesRuntime
      ? options.services
      : new ServicesRuntime(options.services ?? {});
  if (owned) app.addHook("onClose", async () => runtime.close());
  registerListRoutes(app, options.ctx, runtime);
  registerLogsRoute(app, options.ctx, runtime);
  registerEventsRoute(app, options.ctx, runtime);
  registerQuotaRoute(app, options.ctx, runtime);
}

export { ServicesRuntime };
