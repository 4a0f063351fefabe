// Quota pre-check: render the release and compare what it asks for with what every
// ResourceQuota of the namespace has left, before helm installs anything.
import {
  manifestObjects,
  quotaShortfalls,
  requestedResources,
  type QuotaStatus,
  type RequestedResources,
} from "@onyxia-ts/core";
import { ConflictError } from "../../domain/errors.ts";
import type { KubernetesPort } from "../../platform/ports.ts";

interface ResourceQuota {
  metadata?: { name?: string };
  spec?: { hard?: Record<string, string> };
  status?: QuotaStatus;
}

/** The namespace's quotas that limit something; a fresh quota without status counts as unused. */
export async function namespaceQuotas(
  kube: KubernetesPort,
  namespace: string,
): Promise<{ name: string; status: QuotaStatus }[]> {
  const quotas = await kube.list<ResourceQuota>(
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/resourcequotas`,
  );
  return quotas
    .map((q) => ({
      name: q.metadata?.name ?? "?",
      status: { hard: q.status?.hard ?? q.spec?.hard ?? {}, used: q.status?.used ?? {} },
    }))
    .filter((q) => Object.keys(q.status.hard).length > 0);
}

export function manifestResources(manifest: string): RequestedResources {
  return requestedResources(manifestObjects(manifest));
}

/**
 * 409 naming each exceeded resource with its figures. `released`: what an edited release frees;
 * `floors`: per quota name, reservations Kubernetes does not count yet (quota-reservations.ts).
 */
export function assertFitsQuotas(
  requested: RequestedResources,
  quotas: readonly { name: string; status: QuotaStatus }[],
  released?: RequestedResources,
  floors?: ReadonlyMap<string, Readonly<Record<string, number>>>,
): void {
  const errors = quotas.flatMap((q) =>
    quotaShortfalls(requested, q.status, released, floors?.get(q.name)).map(
      (s) => `${s.message} (ResourceQuota ${q.name})`,
    ),
  );
  if (errors.length > 0) {
    throw new ConflictError(
      `The service does not fit in the namespace quota: ${errors.join("; ")}`,
      { title: "Quota exceeded", errors },
    );
  }
}
