// The cross-cutting protections buildApp installs before any route: route inventory, per-user
// rate limit on mutating calls, and the audit log.
import type { FastifyInstance } from "fastify";
import { createAuditWriter, type AuditWriter } from "../audit/sinks.ts";
import { registerAuditLog } from "../audit/audit-hook.ts";
import { requireUser, resolvedCaller, resolvedUser } from "../routes/caller.ts";
import type { ApiContext } from "../routes/context.ts";
import { registerAuthenticateFirst } from "./authenticate-first.ts";
import { registerRateLimit } from "./rate-limit.ts";
import { collectRoutes } from "./route-inventory.ts";

export { assertCatalogAllowed, isCatalogAllowed } from "./catalog-access.ts";
export {
  allowedChartVersion,
  assertValuesAllowed,
  assertValuesMatchSchema,
  findAllowedChart,
  resolvedChartSchema,
  type AllowedChart,
} from "./chart-schema.ts";
export { routeAccess, type RouteAccess } from "./authenticate-first.ts";
export { MUTATING_METHODS, webAppSection, type InventoriedRoute } from "./route-inventory.ts";
export type { AuditEntry, AuditWriter } from "../audit/sinks.ts";

export async function registerProtections(
  app: FastifyInstance,
  ctx: ApiContext,
  audit?: AuditWriter,
): Promise<void> {
  collectRoutes(app);
  registerAuthenticateFirst(app, ctx);
  await registerRateLimit(
    app,
    ctx.config.security.rateLimit,
    async (request) => (await requireUser(request, ctx)).idep,
  );
  registerAuditLog(
    app,
    audit ?? createAuditWriter(ctx.config.audit.sink, app.log),
    ctx.config.server.basePath,
    (request) => {
      const caller = resolvedCaller(request);
      return {
        user: caller?.user.idep ?? resolvedUser(request)?.idep ?? null,
        region: caller?.region.id ?? null,
        project: caller?.project.id ?? null,
      };
    },
  );
}
