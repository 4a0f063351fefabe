// The project's services as the caller may see them (core `isVisibleTo`): the listing, one
// service, and a task (pod, container) of a service for its logs.
import {
  INSTANCE_LABEL,
  isVisibleTo,
  type KubePod,
  type Region,
  type Service,
  type Viewer,
} from "@onyxia-ts/core";
import { NotFoundError } from "../../domain/errors.ts";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import { compactBody, type PrecomputedBody } from "../../shared/precomputed-body.ts";
import { RecentCache } from "../../shared/recent-cache.ts";
import { namespaceServices } from "./release-index.ts";

const quote = JSON.stringify;

// The serialized listing (ETag and gzip bytes, about 0.1 kB per release) per namespace and viewer,
// reused while the namespace does not change: the web polls every 3 s and mostly gets a 304 or
// the same bytes. Only the most recently served are kept, so memory does not grow with every
// namespace ever listed; an evicted body is simply made again.
export const LISTING_BODIES_KEPT = 2048;
const listingBodies = new RecentCache<string, { services: Service[]; body: PrecomputedBody }>(
  LISTING_BODIES_KEPT,
);

/** `{apps, groups: []}` (Onyxia's shape) of the services `viewer` may see, serialized once. */
export function servicesListing(
  cache: NamespaceCache,
  region: Region,
  viewer: Viewer,
  log?: (message: string) => void,
): PrecomputedBody {
  const services = namespaceServices(cache, { region, ...(log ? { log } : {}) });
  const key = `${region.id}\n${cache.namespace}\n${viewer.sharedNamespace ? `user:${viewer.idep}` : "*"}`;
  const kept = listingBodies.get(key);
  // The same Service[] is the same namespace generation (and the same cache): still valid.
  if (kept?.services === services) return kept.body;
  const body = compactBody(
    JSON.stringify({ apps: services.filter((s) => isVisibleTo(s, viewer)), groups: [] }),
  );
  listingBodies.set(key, { services, body });
  return body;
}

/** The service, if `viewer` may see it; 404 otherwise (another user's private service does not exist for them). */
export function visibleService(
  cache: NamespaceCache,
  region: Region,
  viewer: Viewer,
  serviceId: string,
  namespace: string,
): Service {
  const service = namespaceServices(cache, { region }).find((s) => s.id === serviceId);
  if (!service || !isVisibleTo(service, viewer))
    throw new NotFoundError(
      `Service ${quote(serviceId)} not found in namespace ${quote(namespace)}`,
    );
  return service;
}

/**
 * A pod of the service and one of its containers (the pod's first one by default: the API
 * refuses to guess for multi-container pods); 404 naming what does not match, so a caller cannot
 * read the logs of any pod of the namespace through a service they may see.
 */
export function serviceTask(
  cache: NamespaceCache,
  serviceId: string,
  taskId: string,
  container: string | undefined,
): { pod: KubePod; container: string } {
  const pod = cache.pods.objects.get(taskId);
  if (!pod || pod.metadata?.labels?.[INSTANCE_LABEL] !== serviceId)
    throw new NotFoundError(`Pod ${quote(taskId)} is not a task of service ${quote(serviceId)}`);
  const declared = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map(
    (c) => c.name,
  );
  const chosen = container ?? pod.spec?.containers?.[0]?.name;
  if (chosen === undefined || !declared.includes(chosen))
    throw new NotFoundError(
      `Container ${quote(chosen ?? "")} not found in pod ${quote(taskId)} (containers: ${declared.join(", ")})`,
    );
  return { pod, container: chosen };
}
