// /admin/**: the platform admin view (features/admin). Every route is for admins only: the
// authenticate-first hook answers 403 to anyone else before the request is parsed
// (routeAccess "admin"), and each handler checks again.
import {
  ADMIN_SORT_KEYS,
  adminActionRequestSchema,
  adminServicesCsv,
  adminServicesPage,
  filterAndSortAdminServices,
  parseAdminServicesQuery,
  type AdminAction,
  type AdminActionRequest,
  type Region,
} from "@onyxia-ts/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Caller } from "../domain/caller.ts";
import { InvalidError } from "../domain/errors.ts";
import {
  adminAct,
  adminCapacity,
  adminQuotas,
  adminServices,
  requireAdmin,
  validAdminAction,
  type NamespaceFilter,
} from "../features/admin/index.ts";
import { setAuditDetail } from "../http/protections/index.ts";
import { callerContext } from "../http/request-caller.ts";
import type { ClusterIndex } from "../kubernetes/index.ts";
import { actingAsServer } from "../platform/acting-caller.ts";
import { translated } from "../platform/translate-errors.ts";
import { isProjectNamespace } from "../user/index.ts";
import { errorResponses, onyxiaHeaders, openObject } from "./api-schemas.ts";
import type { ApiContext } from "./context.ts";
import { releaseDeps } from "./lifecycle/acting.ts";

const tags = ["admin"];
const filterProps = {
  project: { type: "string", description: "Namespace, exact" },
  owner: { type: "string", description: "Owner, exact" },
  chart: { type: "string", description: "Chart name, exact" },
  state: { type: "string", description: "failed, starting, suspended, suspending or running" },
  q: { type: "string", description: "Substring of release, friendly name, owner or namespace" },
  sort: { type: "string", description: `One of ${ADMIN_SORT_KEYS.join(", ")}; default age` },
  order: { type: "string", description: "asc or desc; default desc" },
} as const;

// One filter per region, so the listing's memo (keyed by it) survives between requests.
const filters = new WeakMap<Region, NamespaceFilter>();

async function adminScope(
  request: FastifyRequest,
  ctx: ApiContext,
): Promise<{ caller: Caller; keep: NamespaceFilter; index: () => Promise<ClusterIndex> }> {
  const caller = await callerContext(request, ctx);
  requireAdmin(caller.user, ctx.config);
  let keep = filters.get(caller.region);
  if (!keep) {
    const region = caller.region;
    keep = (namespace) => isProjectNamespace(region, ctx.ownNamespace, namespace);
    filters.set(region, keep);
  }
  const index = () =>
    translated(
      async () => {
        const index = (await ctx.platform.region(caller.region)).clusterIndex.get();
        await index.ready(ctx.platform.syncTimeoutMs);
        return index;
      },
      { what: `Kubernetes is unavailable for region "${caller.region.id}"`, asCaller: false },
    );
  return { caller, keep, index };
}

function listingQuery(raw: unknown) {
  const parsed = parseAdminServicesQuery((raw ?? {}) as Record<string, unknown>);
  if (!parsed.ok) throw new InvalidError(parsed.error, { title: "Invalid query" });
  return parsed.query;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const read = (status: number[]) => errorResponses(...status);
  app.get(
    "/admin/services",
    {
      schema: {
        tags,
        summary: "Every project's services in the region (admins): filters, sort, pages",
        headers: onyxiaHeaders,
        querystring: {
          type: "object",
          properties: {
            ...filterProps,
            page: { type: "string", description: "1-based, default 1" },
            pageSize: { type: "string", description: "1 to 500, default 50" },
          },
        },
        response: { 200: openObject("AdminServicesResponse"), ...read([400, 401, 403, 503]) },
      },
    },
    async (request) => {
      const scope = await adminScope(request, ctx);
      const query = listingQuery(request.query);
      const now = ctx.platform.clock.now();
      return adminServicesPage(adminServices(await scope.index(), scope.keep), query, now);
    },
  );

  app.get(
    "/admin/services.csv",
    {
      schema: {
        tags,
        summary: "The filtered, sorted listing as CSV (admins), every page",
        headers: onyxiaHeaders,
        querystring: { type: "object", properties: filterProps },
        produces: ["text/csv"],
        response: {
          200: { description: "text/csv", type: "string" },
          ...read([400, 401, 403, 503]),
        },
      },
    },
    async (request, reply) => {
      const scope = await adminScope(request, ctx);
      const query = listingQuery(request.query);
      const now = ctx.platform.clock.now();
      const rows = filterAndSortAdminServices(
        adminServices(await scope.index(), scope.keep),
        query,
        now,
      );
      const day = new Date(now).toISOString().slice(0, 10);
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="services-${scope.caller.region.id.replace(/[^\w.-]/g, "_")}-${day}.csv"`,
        )
        .header("cache-control", "no-store")
        .send(adminServicesCsv(rows, now));
    },
  );

  app.get(
    "/admin/quotas",
    {
      schema: {
        tags,
        summary: "Per project: its services' requests against its quota (admins)",
        headers: onyxiaHeaders,
        response: { 200: openObject("AdminQuotasResponse"), ...read([401, 403, 503]) },
      },
    },
    async (request) => {
      const scope = await adminScope(request, ctx);
      return adminQuotas(await scope.index(), scope.keep);
    },
  );

  app.get(
    "/admin/capacity",
    {
      schema: {
        tags,
        summary:
          "The nodes' allocatable CPU, memory and GPUs against requests, by node pool (admins)",
        headers: onyxiaHeaders,
        response: { 200: openObject("AdminCapacityResponse"), ...read([401, 403, 503]) },
      },
    },
    async (request) => {
      const scope = await adminScope(request, ctx);
      return adminCapacity(await scope.index(), ctx.config.admin.nodePoolLabel, scope.keep);
    },
  );

  const deps = releaseDeps(ctx);
  for (const action of ["suspend", "resume", "delete"] as const satisfies AdminAction[]) {
    app.post<{ Body: AdminActionRequest }>(
      `/admin/services/${action}`,
      {
        schema: {
          tags,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} any project's service, with a reason (admins; audited, the owner is told)`,
          headers: onyxiaHeaders,
          body: adminActionRequestSchema,
          response: {
            200: openObject("AdminActionResponse"),
            ...errorResponses(400, 401, 403, 404, 409, 500, 502, 503, 504),
          },
        },
      },
      async (request) => {
        const scope = await adminScope(request, ctx);
        const body = validAdminAction(request.body, scope.keep);
        setAuditDetail(request, { namespace: body.namespace, reason: body.reason });
        const admin = await actingAsServer(scope.caller, ctx.platform);
        return adminAct({ ...deps, clock: ctx.platform.clock }, admin, action, body);
      },
    );
  }
}
