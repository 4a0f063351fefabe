// Runs the idle-suspend controller of each region that enables it inside the server process,
// stopped (and its Lease given up) when the app closes. Automatic actions go to the same audit
// trail as the users' requests.
import type { FastifyInstance } from "fastify";
import type { AuditWriter } from "../audit/sinks.ts";
import { idleControllerFor, type IdleAuditRecord } from "../features/idle-suspend/index.ts";
import { releaseDeps } from "../routes/lifecycle/acting.ts";
import type { ApiContext } from "../routes/context.ts";

/** One audit line per automatic action, with its reason and figures. */
export function idleAuditEntry(record: IdleAuditRecord, requestId: string) {
  return {
    type: "audit" as const,
    time: new Date().toISOString(),
    requestId,
    user: "system:idle-suspend",
    ip: "",
    method: "CONTROLLER",
    route: "idle-suspend",
    action: `idle-${record.kind}`,
    region: record.region,
    project: record.namespace,
    release: record.release,
    catalogId: null,
    chart: record.chart,
    status: record.outcome === "ok" ? 200 : 500,
    durationMs: record.durationMs,
    reason: record.error ? `${record.reason}; failed: ${record.error}` : record.reason,
    figures: {
      owner: record.owner,
      cpuMillicores: record.cpuMillicores,
      cpuBelowMillicores: record.cpuBelowMillicores,
      idleSince: record.idleSince,
      suspendAt: record.suspendAt,
      signals: record.signals.join(","),
      activity: record.activity,
    },
  };
}

export async function startIdleControllers(
  app: FastifyInstance,
  ctx: ApiContext,
  audit: AuditWriter,
): Promise<void> {
  let sequence = 0;
  for (const region of ctx.config.regions) {
    if (!region.services.idleSuspend?.enabled) continue;
    try {
      const built = await idleControllerFor(region, {
        platform: ctx.platform,
        releaseDeps: releaseDeps(ctx),
        leaseNamespace: ctx.ownNamespace,
        audit: (record) => audit.write(idleAuditEntry(record, `idle-${++sequence}`)),
        log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
      });
      if (!built) continue;
      built.controller.start();
      app.addHook("onClose", () => built.controller.stop());
      app.log.info(`idle-suspend: controller started for region ${region.id}`);
    } catch (error) {
      app.log.warn(`idle-suspend: region ${region.id}: ${(error as Error).message}`);
    }
  }
}
