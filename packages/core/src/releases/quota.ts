// `/my-lab/quota`: Onyxia's QuotaUsage from ResourceQuota `onyxia-quota` (.status.hard/.used).
import { QUOTA_KEYS } from "../config/quota-keys.ts";

export const ONYXIA_QUOTA_NAME = "onyxia-quota";

const INTEGER_KEYS = new Set(["count/pods", "requests.nvidia.com/gpu", "limits.nvidia.com/gpu"]);

export type QuotaValues = Partial<Record<(typeof QUOTA_KEYS)[number], string | number>>;

export interface QuotaUsage {
  spec: QuotaValues;
  usage: QuotaValues;
}

function pick(values: Record<string, string> | undefined): QuotaValues {
  const out: QuotaValues = {};
  for (const key of QUOTA_KEYS) {
    const value = values?.[key] ?? (key === "count/pods" ? values?.pods : undefined);
    if (value === undefined) continue;
    const n = Number(value);
    out[key] = INTEGER_KEYS.has(key) && Number.isInteger(n) ? n : value;
  }
  return out;
}

export function quotaUsage(quota: {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}): QuotaUsage {
  return { spec: pick(quota.status?.hard), usage: pick(quota.status?.used) };
}
