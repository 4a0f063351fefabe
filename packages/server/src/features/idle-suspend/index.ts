// Idle suspend (issue 17): the controller (Lease, decisions stored in annotations, the user's
// suspend path), its real ports, and "not now" for the owner.
export {
  createIdleController,
  type IdleAuditRecord,
  type IdleController,
  type IdleControllerDeps,
  type IdleNotice,
  type TickReport,
} from "./controller.ts";
export { cacheInventory, regionNamespaces } from "./inventory.ts";
export { leaderElector, leasePath, type LeaderElector, type LeaseOptions } from "./lease.ts";
export { postponeIdleSuspend } from "./postpone.ts";
export {
  activitySignals,
  httpActivity,
  ingressActivity,
  ingressWindowMs,
  type ActivitySignalsDeps,
  type ActivitySignalsPort,
  type ExtraReadings,
} from "./signals.ts";
export {
  idleControllerFor,
  leaseNameFor,
  systemCallerFor,
  webhookNotifier,
  type IdleWiring,
} from "./wiring.ts";
