// Every route the app registers, whoever registers it (an onRoute hook on the root instance sees
// the routes of every plugin added after it). The authorization matrix test and the OpenAPI
// check enumerate endpoints from here, so routes added later are covered automatically.
import type { FastifyInstance } from "fastify";

export interface InventoriedRoute {
  method: string;
  /** The full path with the prefix, in Fastify syntax (`/api/my-lab/catalogs/:catalogId`). */
  url: string;
  hidden: boolean;
  /** The route's params schema, when it declares one (the matrix test fills params from it). */
  params: unknown;
  /** Registered inside `publicSection` (the web app's files): never authenticated. */
  webApp: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    routeInventory: InventoriedRoute[];
  }
}

export const MUTATING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let inWebApp = false;

/** Routes registered while `register` runs are the web app's static files, served to anyone. */
export async function webAppSection(register: () => Promise<void>): Promise<void> {
  inWebApp = true;
  try {
    await register();
  } finally {
    inWebApp = false;
  }
}

/** Call before registering any route. */
export function collectRoutes(app: FastifyInstance): void {
  const routes: InventoriedRoute[] = [];
  app.decorate("routeInventory", routes);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD routes are added automatically next to each GET.
      if (method === "HEAD") continue;
      routes.push({
        method,
        url: route.url,
        hidden: route.schema?.hide === true,
        params: route.schema?.params,
        webApp: inWebApp,
      });
    }
  });
}
