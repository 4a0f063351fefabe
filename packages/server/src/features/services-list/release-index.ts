// The services of one namespace, derived from its cache. The cache keeps each release Secret's
// digest (decoded once, when the Secret arrives); the whole list is memoized by the cache
// generation, so a listing in a quiet namespace costs only filtering and serialization.
import {
  adminNoticeOf,
  buildService,
  idleSinceOf,
  decodeIdleRecord,
  IDLE_ANNOTATION,
  serviceIdleView,
  INSTANCE_LABEL,
  latestReleaseSecrets,
  sortServices,
  type ControllerRef,
  type KubePod,
  type Region,
  type Service,
} from "@onyxia-ts/core";
import { helmDecodeStats, type NamespaceCache } from "../../kubernetes/index.ts";
import { onyxiaMetaByRelease } from "../releases/index.ts";

interface Memo {
  listed: { generation: number; regionKey: string; services: Service[] } | undefined;
}

const memos = new WeakMap<NamespaceCache, Memo>();

function memoOf(cache: NamespaceCache): Memo {
  let memo = memos.get(cache);
  if (!memo) memos.set(cache, (memo = { listed: undefined }));
  return memo;
}

export interface ReleaseIndexOptions {
  region: Region;
  log?: (message: string) => void;
}

/** Counts decodings (the benchmark and tests check each release version is decoded once). */
export const decodeStats = helmDecodeStats;

/** Every release of the namespace as a Service (visibility is applied by the caller), newest first. */
export function namespaceServices(cache: NamespaceCache, options: ReleaseIndexOptions): Service[] {
  const memo = memoOf(cache);
  const regionKey = options.region.id;
  if (
    memo.listed &&
    memo.listed.generation === cache.generation &&
    memo.listed.regionKey === regionKey
  )
    return memo.listed.services;
  const generation = cache.generation;

  const latest = latestReleaseSecrets(cache.helmSecrets.objects.values());
  const metas = onyxiaMetaByRelease(cache.onyxiaSecrets.objects.values());
  const podsByRelease = new Map<string, KubePod[]>();
  for (const pod of cache.pods.objects.values()) {
    const release = pod.metadata?.labels?.[INSTANCE_LABEL];
    if (!release) continue;
    const list = podsByRelease.get(release);
    if (list) list.push(pod);
    else podsByRelease.set(release, [pod]);
  }
  const workload = (ref: ControllerRef) => {
    if (ref.kind === "Deployment") return cache.deployments.objects.get(ref.name);
    if (ref.kind === "StatefulSet") return cache.statefulSets.objects.get(ref.name);
    if (ref.kind === "DaemonSet") return cache.daemonSets.objects.get(ref.name);
    return { spec: {}, status: {} }; // CNPG clusters are not watched: not reported as unhealthy
  };
  const events = [...cache.warningEvents.objects.values()];

  const services: Service[] = [];
  for (const [release, secret] of latest) {
    const digest = secret.digest;
    if (!digest) continue;
    const owned = metas.get(release);
    const idle =
      owned && options.region.services.idleSuspend?.enabled
        ? serviceIdleView(options.region.services.idleSuspend, {
            record: decodeIdleRecord(owned.secret.metadata?.annotations?.[IDLE_ANNOTATION]),
            suspended: digest.suspended,
            suspendable: digest.suspendable,
            namespace: digest.namespace,
            chart: digest.chartName,
            catalogId: owned.meta.catalogId,
          })
        : null;
    const service = buildService({
      digest,
      meta: owned?.meta,
      idle,
      pods: podsByRelease.get(release) ?? [],
      workload,
      warningEvents: events,
      monitoringPattern: options.region.services.monitoring?.URLPattern,
    });
    const annotations = owned?.secret.metadata?.annotations;
    const adminNotice = adminNoticeOf(annotations);
    const idleSince = idleSinceOf(annotations);
    if (adminNotice) service.adminNotice = adminNotice;
    if (idleSince) service.idleSince = idleSince;
    services.push(service);
  }
  sortServices(services);
  memo.listed = { generation, regionKey, services };
  return services;
}
