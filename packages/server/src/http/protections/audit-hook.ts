// One audit entry per mutating request (who, what, where, result, duration), from an onResponse
// hook on the root instance: routes registered later by any plugin are covered without opting in.
// Only names are recorded, never values, bodies or headers (they can hold secrets).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { clientIp } from "../../user/client-ip.ts";
import { MUTATING_METHODS } from "./route-inventory.ts";
import type { AuditEntry, AuditWriter } from "../../audit/sinks.ts";

export interface AuditIdentity {
  user: string | null;
  region: string | null;
  project: string | null;
}

/** What the request resolved about its caller (filled by the routes; nothing is resolved here). */
export type AuditIdentityOf = (request: FastifyRequest) => AuditIdentity;

/** What a route adds to its request's audit entry (an admin action's namespace and reason). */
export type AuditDetail = Pick<AuditEntry, "namespace" | "reason">;
const details = new WeakMap<FastifyRequest, AuditDetail>();

/** Called by a route once the detail is validated: the audit entry of this request carries it. */
export function setAuditDetail(request: FastifyRequest, detail: AuditDetail): void {
  details.set(request, detail);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,252}$/;

/** The first plain-name value among `keys` in the query, params or JSON body. */
function field(request: FastifyRequest, keys: readonly string[]): string | null {
  for (const source of [request.params, request.query, request.body]) {
    if (!source || typeof source !== "object" || Array.isArray(source)) continue;
    for (const key of keys) {
      const value = (source as Record<string, unknown>)[key];
      if (typeof value === "string" && NAME.test(value)) return value;
    }
  }
  return null;
}

const ACTIONS: Record<string, string> = {
  "PUT /my-lab/app": "install",
  "DELETE /my-lab/app": "uninstall",
  "POST /my-lab/app/suspend": "suspend",
  "POST /my-lab/app/resume": "resume",
  "POST /my-lab/app/idle/postpone": "idle-postpone",
  "POST /my-lab/app/rollback": "rollback",
  "PUT /onboarding": "onboarding",
  "POST /admin/services/suspend": "admin-suspend",
  "POST /admin/services/resume": "admin-resume",
  "POST /admin/services/delete": "admin-delete",
  "POST /onboarding": "onboarding",
};

export function registerAuditLog(
  app: FastifyInstance,
  writer: AuditWriter,
  basePath: string,
  identityOf: AuditIdentityOf,
): void {
  app.addHook("onResponse", async (request, reply) => {
    if (!MUTATING_METHODS.has(request.method)) return;
    const route = request.routeOptions.url ?? "(no route)";
    const local = route.startsWith(basePath) ? route.slice(basePath.length) : route;
    const who = identityOf(request);
    const entry: AuditEntry = {
      type: "audit",
      time: new Date().toISOString(),
      requestId: request.id,
      user: who.user,
      ip: clientIp(request),
      method: request.method,
      route,
      action: ACTIONS[`${request.method} ${local}`] ?? `${request.method} ${local}`,
      region: who.region,
      project: who.project,
      release: field(request, ["releaseName", "serviceId", "name", "path", "release"]),
      catalogId: field(request, ["catalogId"]),
      chart: field(request, ["packageName", "chartName", "chart"]),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...details.get(request),
    };
    try {
      writer.write(entry);
    } catch (error) {
      request.log.error({ err: error }, "cannot write the audit entry");
    }
  });
  app.addHook("onClose", async () => writer.close?.());
}
