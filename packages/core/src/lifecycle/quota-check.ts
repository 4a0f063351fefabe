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
 * `released`: what the release being replaced (an edit) holds now, freed by the upgrade.
 * Only non-zero requests are checked; a quota key the namespace does not set is no limit.
 */
export function quotaShortfalls(
  requested: RequestedResources,
  status: QuotaStatus,
  released?: RequestedResources,
): QuotaShortfall[] {
  const out: QuotaShortfall[] = [];
  for (const key of Object.keys(QUOTA_KEYS) as ResourceKey[]) {
    const asked = requested[key];
    if (asked <= 0) continue;
    for (const quotaKey of QUOTA_KEYS[key]) {
      const hard = tryParseQuantity(status.hard?.[quotaKey]);
      if (hard === undefined) continue;
      const used = Math.max(
        0,
        (tryParseQuantity(status.used?.[quotaKey]) ?? 0) - (released?.[key] ?? 0),
      );
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
  }
  return out;
}
