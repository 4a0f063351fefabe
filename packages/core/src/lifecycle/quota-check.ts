// Quota pre-check: will the release fit in the namespace's ResourceQuota? Done before installing
// because an over-quota pod is refused by the API server long after `helm install` succeeded,
// leaving a release that never starts (onyxia#695).
import { formatBytes, formatCpu, tryParseQuantity } from "./quantity.ts";
import type { RequestedResources, ResourceKey } from "./requested-resources.ts";

/** The ResourceQuota keys that count the same thing as each requested figure. */
const QUOTA_KEYS: Record<ResourceKey, readonly string[]> = {
  "requests.cpu": ["requests.cpu", "cpu"],
  "requests.memory": ["requests.memory", "memory"],
  "limits.cpu": ["limits.cpu"],
  "limits.memory": ["limits.memory"],
  "requests.storage": ["requests.storage"],
  "requests.nvidia.com/gpu": ["requests.nvidia.com/gpu"],
  pods: ["count/pods", "pods"],
  persistentvolumeclaims: ["persistentvolumeclaims", "count/persistentvolumeclaims"],
};

export interface QuotaStatus {
  hard?: Record<string, string>;
  used?: Record<string, string>;
}

export interface QuotaShortfall {
  /** The ResourceQuota key that would be exceeded, e.g. "requests.memory". */
  quotaKey: string;
  requested: number;
  used: number;
  hard: number;
  available: number;
  /** e.g. "requests.memory: the service asks for 4Gi but only 1.5Gi of 8Gi is left (6.5Gi used)". */
  message: string;
}

function format(key: ResourceKey, value: number): string {
  if (key === "requests.cpu" || key === "limits.cpu") return formatCpu(value);
  if (key === "requests.memory" || key === "limits.memory" || key === "requests.storage")
    return formatBytes(value);
  return String(value);
}

/**
 * What a quota key counts as used, by quota key: at least `floor` (reservations Kubernetes does
 * not count yet: a release installed a moment ago whose pods do not exist yet), less what the
 * replaced release frees.
 */
function usedOf(
  key: ResourceKey,
  quotaKey: string,
  status: QuotaStatus,
  released: RequestedResources | undefined,
  floor: Readonly<Record<string, number>> | undefined,
): number {
  const counted = Math.max(tryParseQuantity(status.used?.[quotaKey]) ?? 0, floor?.[quotaKey] ?? 0);
  return Math.max(0, counted - (released?.[key] ?? 0));
}

/** The (requested resource, quota key, hard limit) triples a quota limits. */
function* limitedKeys(
  requested: RequestedResources,
  status: QuotaStatus,
): Generator<{ key: ResourceKey; quotaKey: string; asked: number; hard: number }> {
  for (const key of Object.keys(QUOTA_KEYS) as ResourceKey[]) {
    const asked = requested[key];
    if (asked <= 0) continue;
    for (const quotaKey of QUOTA_KEYS[key]) {
      const hard = tryParseQuantity(status.hard?.[quotaKey]);
      if (hard !== undefined) yield { key, quotaKey, asked, hard };
    }
  }
}

/**
 * What each quota key of `status` will count once `requested` exists (with `released` freed and
 * `floor` as in quotaShortfalls): the floor of the next check in the same namespace.
 */
export function quotaUsedAfter(
  requested: RequestedResources,
  status: QuotaStatus,
  released?: RequestedResources,
  floor?: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = { ...floor };
  for (const { key, quotaKey, asked } of limitedKeys(requested, status))
    out[quotaKey] = usedOf(key, quotaKey, status, released, floor) + asked;
  return out;
}

/**
 * `released`: what the release being replaced (an edit) holds now, freed by the upgrade.
 * `floor`: per quota key, the least that counts as used (see quotaUsedAfter).
 * Only non-zero requests are checked; a quota key the namespace does not set is no limit.
 */
export function quotaShortfalls(
  requested: RequestedResources,
  status: QuotaStatus,
  released?: RequestedResources,
  floor?: Readonly<Record<string, number>>,
): QuotaShortfall[] {
  const out: QuotaShortfall[] = [];
  for (const { key, quotaKey, asked, hard } of limitedKeys(requested, status)) {
    const used = usedOf(key, quotaKey, status, released, floor);
    const available = Math.max(0, hard - used);
    // A tiny tolerance absorbs float sums such as 0.1 + 0.2.
    if (asked <= available + 1e-9) continue;
    out.push({
      quotaKey,
      requested: asked,
      used,
      hard,
      available,
      message:
        `${quotaKey}: the service asks for ${format(key, asked)} but only ${format(key, available)} ` +
        `of ${format(key, hard)} is left (${format(key, used)} used)`,
    });
  }
  return out;
}
