// Authentication first, rate limit, audit log and the route inventory (see register.ts).
export { registerProtections } from "./register.ts";
export { routeAccess, type RouteAccess } from "./authenticate-first.ts";
export { MUTATING_METHODS, webAppSection, type InventoriedRoute } from "./route-inventory.ts";
export type { AuditEntry, AuditWriter } from "../../audit/sinks.ts";
export { setAuditDetail, type AuditDetail } from "./audit-hook.ts";
