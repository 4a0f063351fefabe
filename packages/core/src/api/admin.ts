// /admin/**: the platform admin view (issue 17): every project's services, per-project quotas,
// the cluster's capacity by node pool, and admin actions on any service with a reason.
import type { ServiceState } from "../releases/state.ts";

/** Requested resources: CPU in cores, memory in bytes, GPUs (nvidia.com/gpu) as a count. */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
  gpu: number;
}

/** One service of any project, as the admin listing shows it. */
export interface AdminService {
  namespace: string;
  release: string;
  friendlyName: string | null;
  /** The ownership record's owner; null for a release without one (orphan). */
  owner: string | null;
  catalogId: string | null;
  chart: string;
  chartVersion: string;
  /** Epoch ms of the first install (the age). */
  createdAt: number;
  state: ServiceState;
  suspendable: boolean;
  suspended: boolean;
  /** Sum of the requests of the release's pods (a suspended service requests nothing). */
  requests: ResourceAmounts;
  /**
   * ISO time since when the service is idle, from the ownership record's annotation
   * `onyxia-ts.io/idle-since` (written by the idle-suspend controller); null when not known.
   */
  idleSince: string | null;
}

export const ADMIN_SORT_KEYS = [
  "namespace",
  "release",
  "owner",
  "chart",
  "state",
  "age",
  "cpu",
  "memory",
  "gpu",
  "idle",
] as const;
export type AdminSortKey = (typeof ADMIN_SORT_KEYS)[number];

/** The listing's query: filters (exact, except `q`), sort, page. */
export interface AdminServicesQuery {
  project?: string;
  owner?: string;
  chart?: string;
  state?: ServiceState;
  /** Case-insensitive substring of the release, friendly name, owner or namespace. */
  q?: string;
  sort: AdminSortKey;
  order: "asc" | "desc";
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** GET /admin/services */
export interface AdminServicesResponse {
  items: AdminService[];
  total: number;
  page: number;
  pageSize: number;
  /** Distinct values over every service (the filters' choices). */
  facets: { projects: string[]; owners: string[]; charts: string[] };
}

export const ADMIN_ACTIONS = ["suspend", "resume", "delete"] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** POST /admin/services/{suspend,resume,delete} */
export interface AdminActionRequest {
  namespace: string;
  release: string;
  reason: string;
}

export const ADMIN_REASON_MAX = 500;

export const adminActionRequestSchema = {
  type: "object",
  required: ["namespace", "release", "reason"],
  additionalProperties: false,
  properties: {
    namespace: { type: "string", maxLength: 63 },
    release: { type: "string", maxLength: 53 },
    reason: { type: "string", maxLength: ADMIN_REASON_MAX },
  },
} as const;

export interface AdminActionResponse {
  namespace: string;
  release: string;
  action: AdminAction;
  /** False when the service already was in the asked state (suspend/resume). */
  changed: boolean;
}

/** What an admin did to a service, shown to its owner (ownership record annotation). */
export interface AdminNotice {
  action: AdminAction;
  reason: string;
  by: string;
  /** ISO time. */
  at: string;
}

/** GET /admin/quotas: one row per project namespace with services or a quota. */
export interface AdminProjectQuota {
  namespace: string;
  services: number;
  /** Sum of the requests of the namespace's service pods. */
  requests: ResourceAmounts;
  /** The `onyxia-quota` ResourceQuota's hard limits and used amounts, in base units; null: no quota. */
  quota: { hard: Partial<ResourceAmounts>; used: Partial<ResourceAmounts> } | null;
}

export interface AdminQuotasResponse {
  projects: AdminProjectQuota[];
}

/** GET /admin/capacity: per node pool, what nodes offer against what pods request. */
export interface AdminNodePool {
  /** The node label's value, or "(none)" for nodes without the label. */
  pool: string;
  nodes: number;
  allocatable: ResourceAmounts;
  /** Requests of the pods scheduled on these nodes (any namespace, not only services). */
  requested: ResourceAmounts;
}

export interface AdminCapacityResponse {
  label: string;
  pools: AdminNodePool[];
  /** Requests of service pods not (yet) bound to a node. */
  pending: ResourceAmounts;
}
