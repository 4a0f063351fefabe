// The cross-cutting protections buildApp installs before any route: route inventory, per-user
// rate limit on mutating calls, and the audit log.
import type { FastifyInstance } from "fastify";
import { createAuditWriter, type AuditWriter } from "../../audit/sinks.ts";
import type { ApiContext } from "../../routes/context.ts";
import { requireUser, resolvedCaller, resolvedUser } from "../request-caller.ts";
import { registerAuditLog } from "./audit-hook.ts";
import { registerAuthenticateFirst } from "./authenticate-first.ts";
import { registerRateLimit } from "./rate-limit.ts";
import { collectRoutes } from "./route-inventory.ts";

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
