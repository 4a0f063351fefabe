// The services of one namespace, derived from its cache. Decoded releases are memoized by the
// Secret's resourceVersion and the whole list by the cache generation, so a listing in a quiet
// namespace costs only filtering and serialization.
import { gunzipSync } from "node:zlib";
import {
  buildService,
  decodeHelmReleaseSecret,
  digestRelease,
  INSTANCE_LABEL,
  latestReleaseSecrets,
  sortServices,
  type ControllerRef,
  type KubePod,
  type Region,
  type ReleaseDigest,
  type Service,
} from "@onyxia-ts/core";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import { onyxiaMetaByRelease } from "../releases/index.ts";

const gunzip = (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));

interface Memo {
  digests: Map<string, { resourceVersion: string; digest: ReleaseDigest | null }>;
  listed: { generation: number; regionKey: string; services: Service[] } | undefined;
}

const memos = new WeakMap<NamespaceCache, Memo>();

function memoOf(cache: NamespaceCache): Memo {
  let memo = memos.get(cache);
  if (!memo) memos.set(cache, (memo = { digests: new Map(), listed: undefined }));
  return memo;
}

export interface ReleaseIndexOptions {
  region: Region;
  log?: (message: string) => void;
}

/** Counts decodings (the benchmark and tests check the memo works). */
export const decodeStats = { decoded: 0 };

function digestOf(
  memo: Memo,
  secretName: string,
  secret: Parameters<typeof decodeHelmReleaseSecret>[0],
  options: ReleaseIndexOptions,
) {
  const resourceVersion = secret.metadata?.resourceVersion ?? "";
  const known = memo.digests.get(secretName);
  if (known && known.resourceVersion === resourceVersion) return known.digest;
  let digest: ReleaseDigest | null = null;
  try {
    decodeStats.decoded++;
    digest = digestRelease(decodeHelmReleaseSecret(secret, gunzip), options.region.services.expose);
  } catch (error) {
    // One unreadable release must not hide the others.
    options.log?.(`skipping release secret ${secretName}: ${(error as Error).message}`);
  }
  memo.digests.set(secretName, { resourceVersion, digest });
  return digest;
}

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
  const live = new Set<string>();
  for (const [release, secret] of latest) {
    const name = secret.metadata?.name ?? "";
    live.add(name);
    const digest = digestOf(memo, name, secret, options);
    if (!digest) continue;
    services.push(
      buildService({
        digest,
        meta: metas.get(release)?.meta,
        pods: podsByRelease.get(release) ?? [],
        workload,
        warningEvents: events,
        monitoringPattern: options.region.services.monitoring?.URLPattern,
      }),
    );
  }
  for (const name of memo.digests.keys()) if (!live.has(name)) memo.digests.delete(name);
  sortServices(services);
  memo.listed = { generation, regionKey, services };
  return services;
}
