// Onyxia's lifecycle events (reference §1.6), posted to a webhook: the same names and fields.

export type LifecycleEventType =
  "service.install" | "service.suspend" | "service.uninstall" | "onboarding.createNamespace";

export interface LifecycleEvent {
  type: LifecycleEventType;
  username: string;
  namespace: string;
  releaseName?: string;
  packageName?: string;
  catalogId?: string;
  friendlyName?: string;
  region?: string;
  /** ISO time of the action. */
  timestamp: string;
}

/** `includes` empty means every type; `excludes` wins. */
export function isEventSelected(
  type: LifecycleEventType,
  filter: { includes: readonly string[]; excludes: readonly string[] },
): boolean {
  if (filter.excludes.includes(type)) return false;
  return filter.includes.length === 0 || filter.includes.includes(type);
}
