/** The keys of Onyxia's `Quota` model (region quotas and `/my-lab/quota`); counts are integers, the rest Kubernetes quantities. */
export const QUOTA_KEYS = [
  "requests.memory",
  "requests.cpu",
  "limits.memory",
  "limits.cpu",
  "requests.storage",
  "count/pods",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
  "requests.nvidia.com/gpu",
  "limits.nvidia.com/gpu",
] as const;
