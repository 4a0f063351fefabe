// Services write side: launch, uninstall, suspend/resume, rename/share, edit/diff/rollback,
// onboarding, quota pre-check and lifecycle events.
export { LifecycleRuntime, type LifecycleOptions, type RegionCluster } from "./runtime.ts";
export { lifecycleCaller, type LifecycleCaller } from "./caller.ts";
export { launch, type LaunchRequest, type LaunchResult } from "./install.ts";
export { uninstall, uninstallAll, setSuspended, updateMeta } from "./actions.ts";
export { diffEdit, applyEdit, revisions, rollback, type EditRequest } from "./edit.ts";
export { onboard, ensureNamespace, namespaceCommands } from "./namespace.ts";
export { parseServerTiming, PhaseTimer } from "./timing.ts";
export { createKubeWriter, type KubeWriter } from "./kube-writer.ts";
export { createEventSink, safeUrl, type EventSink } from "./events.ts";
