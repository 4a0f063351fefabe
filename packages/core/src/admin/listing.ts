// The admin listing's query (filters, sort, page), parsed from a query string with an error naming
// the bad parameter, and applied to every service of the region.
import {
  ADMIN_SORT_KEYS,
  type AdminService,
  type AdminServicesQuery,
  type AdminServicesResponse,
  type AdminSortKey,
} from "../api/admin.ts";
import type { ServiceState } from "../releases/state.ts";
import { naturalOrder } from "../encoding/text-order.ts";

export const ADMIN_STATES: readonly ServiceState[] = [
  "failed",
  "starting",
  "suspended",
  "suspending",
  "running",
];
export const ADMIN_PAGE_SIZE_MAX = 500;
export const ADMIN_PAGE_SIZE_DEFAULT = 50;

export type AdminQueryResult =
  { ok: true; query: AdminServicesQuery } | { ok: false; error: string };

const TEXT_MAX = 253;

/** Parses `project, owner, chart, state, q, sort, order, page, pageSize` (strings from a URL). */
export function parseAdminServicesQuery(raw: Record<string, unknown>): AdminQueryResult {
  const query: AdminServicesQuery = {
    sort: "age",
    order: "desc",
    page: 1,
    pageSize: ADMIN_PAGE_SIZE_DEFAULT,
  };
  const text = (name: string): string | undefined | Error => {
    const value = raw[name];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string") return new Error(`"${name}" must be given once, as text`);
    if (value.length > TEXT_MAX)
      return new Error(`"${name}" is longer than ${TEXT_MAX} characters`);
    return value;
  };
  const fail = (error: string): AdminQueryResult => ({ ok: false, error });
  for (const name of ["project", "owner", "chart", "q"] as const) {
    const value = text(name);
    if (value instanceof Error) return fail(value.message);
    if (value !== undefined) query[name] = value;
  }
  const state = text("state");
  if (state instanceof Error) return fail(state.message);
  if (state !== undefined) {
    if (!(ADMIN_STATES as readonly string[]).includes(state))
      return fail(
        `"state" must be one of ${ADMIN_STATES.join(", ")} (got ${JSON.stringify(state)})`,
      );
    query.state = state as ServiceState;
  }
  const sort = text("sort");
  if (sort instanceof Error) return fail(sort.message);
  if (sort !== undefined) {
    if (!(ADMIN_SORT_KEYS as readonly string[]).includes(sort))
      return fail(
        `"sort" must be one of ${ADMIN_SORT_KEYS.join(", ")} (got ${JSON.stringify(sort)})`,
      );
    query.sort = sort as AdminSortKey;
  }
  const order = text("order");
  if (order instanceof Error) return fail(order.message);
  if (order !== undefined) {
    if (order !== "asc" && order !== "desc")
      return fail(`"order" must be asc or desc (got ${JSON.stringify(order)})`);
    query.order = order;
  }
  for (const [name, max] of [
    ["page", Number.MAX_SAFE_INTEGER],
    ["pageSize", ADMIN_PAGE_SIZE_MAX],
  ] as const) {
    const value = text(name);
    if (value instanceof Error) return fail(value.message);
    if (value === undefined) continue;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max)
      return fail(`"${name}" must be an integer from 1 to ${max} (got ${JSON.stringify(value)})`);
    query[name] = n;
  }
  return { ok: true, query };
}

/** Idle time as a sortable number: idle the longest first in desc; never idle sorts as 0. */
const idleMs = (s: AdminService, now: number) => (s.idleSince ? now - Date.parse(s.idleSince) : 0);

function compare(key: AdminSortKey, now: number): (a: AdminService, b: AdminService) => number {
  const text = (f: (s: AdminService) => string | null) => (a: AdminService, b: AdminService) =>
    naturalOrder(f(a) ?? "", f(b) ?? "");
  switch (key) {
    case "namespace":
      return text((s) => s.namespace);
    case "release":
      return text((s) => s.release);
    case "owner":
      return text((s) => s.owner);
    case "chart":
      return text((s) => s.chart);
    case "state":
      return text((s) => s.state);
    case "age": // older first in asc
      return (a, b) => b.createdAt - a.createdAt;
    case "cpu":
      return (a, b) => a.requests.cpu - b.requests.cpu;
    case "memory":
      return (a, b) => a.requests.memory - b.requests.memory;
    case "gpu":
      return (a, b) => a.requests.gpu - b.requests.gpu;
    case "idle":
      return (a, b) => idleMs(a, now) - idleMs(b, now);
  }
}

/** The services matching the query's filters, sorted (ties by namespace then release), unpaged. */
export function filterAndSortAdminServices(
  services: readonly AdminService[],
  query: Omit<AdminServicesQuery, "page" | "pageSize">,
  now: number,
): AdminService[] {
  const q = query.q?.toLowerCase();
  const matching = services.filter(
    (s) =>
      (query.project === undefined || s.namespace === query.project) &&
      (query.owner === undefined || s.owner === query.owner) &&
      (query.chart === undefined || s.chart === query.chart) &&
      (query.state === undefined || s.state === query.state) &&
      (q === undefined ||
        [s.release, s.friendlyName, s.owner, s.namespace].some((v) =>
          v?.toLowerCase().includes(q),
        )),
  );
  const primary = compare(query.sort, now);
  const sign = query.order === "asc" ? 1 : -1;
  const tie = (a: AdminService, b: AdminService) =>
    naturalOrder(a.namespace, b.namespace) || naturalOrder(a.release, b.release);
  return matching.sort((a, b) => sign * primary(a, b) || tie(a, b));
}

const distinct = (values: Iterable<string | null>) =>
  [...new Set([...values].filter((v): v is string => v !== null && v !== ""))].sort(naturalOrder);

/** One page of the listing, with the total and the filters' choices. */
export function adminServicesPage(
  services: readonly AdminService[],
  query: AdminServicesQuery,
  now: number,
): AdminServicesResponse {
  const all = filterAndSortAdminServices(services, query, now);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: all.slice(start, start + query.pageSize),
    total: all.length,
    page: query.page,
    pageSize: query.pageSize,
    facets: {
      projects: distinct(services.map((s) => s.namespace)),
      owners: distinct(services.map((s) => s.owner)),
      charts: distinct(services.map((s) => s.chart)),
    },
  };
}
