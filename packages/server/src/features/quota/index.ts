// Quotas: the pre-check before a launch or an edit, and the project's usage.
export { assertFitsQuotas, manifestResources, namespaceQuotas } from "./quota-check.ts";
export { assertQuotasEnabled, namespaceQuotaUsage } from "./quota-usage.ts";
export { QUOTA_HOLD_MS, QuotaReservations } from "./quota-reservations.ts";
