// The admin view's read side (issue 17): every project's services of a region, the projects'
// requests against their quotas, and the nodes' capacity by pool, all derived from the region's
// cluster-wide watches (kubernetes/cluster-index.ts): a request lists nothing from Kubernetes.
// The services are built once per change of the watched objects (memoized by generation).
import {
  addAmounts,
  amountsOf,
  buildService,
  idleSinceOf,
  INSTANCE_LABEL,
  isPlatformAdmin,
  latestReleaseSecrets,
  podHoldsResources,
  podRequests,
  zeroAmounts,
  type AdminCapacityResponse,
  type AdminNodePool,
  type AdminProjectQuota,
  type AdminQuotasResponse,
  byCodeUnits,
  type AdminService,
  type AppConfig,
  type KubePod,
  type ResourceAmounts,
} from "@onyxia-ts/core";
import { ForbiddenError } from "../../domain/errors.ts";
import type { ClusterIndex, HelmReleaseEntry, IndexedPod } from "../../kubernetes/index.ts";
import type { User } from "../../user/index.ts";
import { onyxiaMetaByRelease } from "../releases/index.ts";

/** 403 unless one of the user's roles or groups is in `admin.roles`. */
export function requireAdmin(user: User, config: AppConfig): void {
  if (!isPlatformAdmin(user, config.admin.roles))
    throw new ForbiddenError(
      config.admin.roles.length === 0
        ? "The admin view is disabled: no admin role is configured (admin.roles)"
        : `The admin view is for members of ${config.admin.roles.map((r) => JSON.stringify(r)).join(", ")}`,
      { title: "Not an admin" },
    );
}

/** Keeps the namespaces the admin view covers (the region's project namespaces). */
export type NamespaceFilter = (namespace: string) => boolean;

const namespaceOf = (key: string) => key.slice(0, key.indexOf("/"));

/** `objects` (keyed `namespace/name`) grouped by namespace. */
function byNamespace<T>(objects: Map<string, T>, keep: NamespaceFilter): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const [key, object] of objects) {
    const namespace = namespaceOf(key);
    if (!keep(namespace)) continue;
    const list = out.get(namespace);
    if (list) list.push(object);
    else out.set(namespace, [object]);
  }
  return out;
}

interface Derived {
  generation: number;
  services: AdminService[];
  /** Requests of the service pods, by namespace. */
  requestsByNamespace: Map<string, { services: number; requests: ResourceAmounts }>;
}

const memos = new WeakMap<ClusterIndex, WeakMap<NamespaceFilter, Derived>>();

const noWorkload = () => ({ spec: {}, status: {} });

function derive(index: ClusterIndex, keep: NamespaceFilter): Derived {
  let byFilter = memos.get(index);
  if (!byFilter) memos.set(index, (byFilter = new WeakMap()));
  const known = byFilter.get(keep);
  if (known && known.generation === index.generation) return known;
  const generation = index.generation;
  const releasesByNs = byNamespace<HelmReleaseEntry>(index.helmSecrets.objects, keep);
  const recordsByNs = byNamespace(index.onyxiaSecrets.objects, keep);
  const podsByNs = byNamespace<IndexedPod>(index.pods.objects, keep);
  const services: AdminService[] = [];
  const requestsByNamespace = new Map<string, { services: number; requests: ResourceAmounts }>();
  for (const [namespace, secrets] of releasesByNs) {
    const records = onyxiaMetaByRelease(recordsByNs.get(namespace) ?? []);
    const podsByRelease = new Map<string, KubePod[]>();
    for (const pod of podsByNs.get(namespace) ?? []) {
      const release = pod.metadata?.labels?.[INSTANCE_LABEL];
      if (!release) continue;
      const list = podsByRelease.get(release);
      if (list) list.push(pod);
      else podsByRelease.set(release, [pod]);
    }
    const total = { services: 0, requests: zeroAmounts() };
    for (const [release, secret] of latestReleaseSecrets(secrets)) {
      const digest = secret.digest;
      if (!digest) continue;
      const record = records.get(release);
      const pods = podsByRelease.get(release) ?? [];
      // Controllers are not watched across the cluster: state from Helm, suspension and pods.
      const service = buildService({ digest, meta: record?.meta, pods, workload: noWorkload });
      const requests = zeroAmounts();
      for (const pod of pods) addAmounts(requests, podRequests(pod));
      total.services++;
      addAmounts(total.requests, requests);
      services.push({
        namespace,
        release,
        friendlyName: record?.meta.friendlyName ?? null,
        owner: record?.meta.owner ?? null,
        catalogId: record?.meta.catalogId ?? null,
        chart: digest.chartName,
        chartVersion: digest.chartVersion,
        createdAt: Date.parse(digest.firstDeployed ?? "") || digest.startedAt,
        state: service.state,
        suspendable: digest.suspendable,
        suspended: digest.suspended,
        requests,
        idleSince: idleSinceOf(record?.secret.metadata?.annotations),
      });
    }
    requestsByNamespace.set(namespace, total);
  }
  const derived = { generation, services, requestsByNamespace };
  byFilter.set(keep, derived);
  return derived;
}

/** Every service of the region's project namespaces (unsorted, unfiltered). */
export function adminServices(index: ClusterIndex, keep: NamespaceFilter): AdminService[] {
  return derive(index, keep).services;
}

const QUOTA_KEYS = {
  cpu: "requests.cpu",
  memory: "requests.memory",
  gpu: "requests.nvidia.com/gpu",
};

function quotaAmounts(values: Record<string, string> | undefined): Partial<ResourceAmounts> {
  const out: Partial<ResourceAmounts> = {};
  const amounts = amountsOf({
    cpu: values?.[QUOTA_KEYS.cpu],
    memory: values?.[QUOTA_KEYS.memory],
    "nvidia.com/gpu": values?.[QUOTA_KEYS.gpu],
  });
  for (const key of ["cpu", "memory", "gpu"] as const)
    if (values?.[QUOTA_KEYS[key]] !== undefined) out[key] = amounts[key];
  return out;
}

/** Per project namespace with services or a quota: its services' requests against `onyxia-quota`. */
export function adminQuotas(index: ClusterIndex, keep: NamespaceFilter): AdminQuotasResponse {
  const { requestsByNamespace } = derive(index, keep);
  const quotas = byNamespace(index.quotas.objects, keep);
  const namespaces = new Set([...requestsByNamespace.keys(), ...quotas.keys()]);
  const projects: AdminProjectQuota[] = [...namespaces].sort().map((namespace) => {
    const quota = quotas.get(namespace)?.[0];
    const total = requestsByNamespace.get(namespace);
    return {
      namespace,
      services: total?.services ?? 0,
      requests: total?.requests ?? zeroAmounts(),
      quota: quota
        ? { hard: quotaAmounts(quota.status?.hard), used: quotaAmounts(quota.status?.used) }
        : null,
    };
  });
  return { projects };
}

/** Per node pool (the value of `label`), the nodes' allocatable resources and their pods' requests. */
export function adminCapacity(
  index: ClusterIndex,
  label: string,
  keep: NamespaceFilter,
): AdminCapacityResponse {
  const pools = new Map<string, AdminNodePool>();
  const poolOfNode = new Map<string, AdminNodePool>();
  for (const node of index.nodes.objects.values()) {
    const name = node.metadata?.name ?? "";
    const poolName = node.metadata?.labels?.[label] ?? "(none)";
    let pool = pools.get(poolName);
    if (!pool)
      pools.set(
        poolName,
        (pool = { pool: poolName, nodes: 0, allocatable: zeroAmounts(), requested: zeroAmounts() }),
      );
    pool.nodes++;
    addAmounts(pool.allocatable, amountsOf(node.status?.allocatable));
    poolOfNode.set(name, pool);
  }
  const pending = zeroAmounts();
  for (const [key, pod] of index.pods.objects) {
    if (!podHoldsResources(pod)) continue;
    const nodeName = pod.spec?.nodeName;
    const pool = nodeName ? poolOfNode.get(nodeName) : undefined;
    if (pool) addAmounts(pool.requested, podRequests(pod));
    else if (!nodeName && keep(namespaceOf(key))) addAmounts(pending, podRequests(pod));
  }
  return {
    label,
    pools: [...pools.values()].sort((a, b) => byCodeUnits(a.pool, b.pool)),
    pending,
  };
}
