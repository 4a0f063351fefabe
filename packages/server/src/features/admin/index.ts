// The admin view (issue 17): every project's services, quotas and capacity; actions with a reason.
export {
  adminCapacity,
  adminQuotas,
  adminServices,
  requireAdmin,
  type NamespaceFilter,
} from "./admin.ts";
export { adminAct, validAdminAction } from "./admin-actions.ts";
