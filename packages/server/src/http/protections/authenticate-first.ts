// Authentication (401) and project membership (403) are decided before anything else looks at
// the request: before body parsing and schema validation, so an anonymous or foreign caller
// learns nothing from 400s, and routes added later by anyone are covered without opting in.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { callerContext, requireUser } from "../request-caller.ts";
import type { ApiContext } from "../../routes/context.ts";
import { requireAdmin } from "../../features/admin/index.ts";

export type RouteAccess = "public" | "user" | "project" | "admin";

/**
 * `public`: /public/**, the OpenAPI document and CORS preflights. `user`: /user/** (/user/info
 * lists the projects, so a stale project header must not lock the web out) and /profile/** (the
 * profile schema is the same in every project, as onyxia-api: it checks the user only). `project`: every
 * other route (/my-lab/**, /onboarding, and whatever is added later) acts in the ONYXIA-PROJECT
 * project, which the caller must be a member of. `admin`: /admin/**, also for members of an
 * admin role (`admin.roles`) only: 403 for everyone else, whatever the request holds.
 */
export function routeAccess(method: string, routeUrl: string, basePath: string): RouteAccess {
  if (method === "OPTIONS" || !routeUrl.startsWith(`${basePath}/`)) return "public";
  const local = routeUrl.slice(basePath.length);
  if (local.startsWith("/public/") || local === "/v3/api-docs") return "public";
  if (local.startsWith("/user/") || local.startsWith("/profile/")) return "user";
  if (local.startsWith("/admin/")) return "admin";
  return "project";
}

export function registerAuthenticateFirst(app: FastifyInstance, ctx: ApiContext): void {
  const basePath = ctx.config.server.basePath;
  let webApp: Set<string> | undefined;
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // 404: no route.
    webApp ??= new Set(
      app.routeInventory.filter((r) => r.webApp).map((r) => `${r.method} ${r.url}`),
    );
    if (webApp.has(`${request.method === "HEAD" ? "GET" : request.method} ${url}`)) return;
    const access = routeAccess(request.method, url, basePath);
    if (access === "user") await requireUser(request, ctx);
    else if (access === "project") await callerContext(request, ctx);
    else if (access === "admin") requireAdmin((await callerContext(request, ctx)).user, ctx.config);
  });
}
