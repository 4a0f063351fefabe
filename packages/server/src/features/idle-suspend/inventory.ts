// The releases of a region for the idle controller, from the namespace watch caches the services
// pages already use: one small cluster-wide list of ownership records finds the namespaces,
// each namespace's cache gives its releases' digests (chart, suspended, suspendable) and records.
import {
  IDLE_ANNOTATION,
  latestReleaseSecrets,
  ONYXIA_SECRET_TYPE,
  type Region,
} from "@onyxia-ts/core";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import type {
  IdleInventoryPort,
  IdleTarget,
  KubeObject,
  KubernetesPort,
} from "../../platform/ports.ts";
import { onyxiaMetaByRelease } from "../releases/index.ts";

export interface CacheSource {
  namespace(name: string): NamespaceCache;
}

/** The namespaces a region's projects live in: its prefixes, or its one shared namespace. */
export function regionNamespaces(
  region: Region,
  ownNamespace: string,
): (namespace: string) => boolean {
  const s = region.services;
  if (s.singleNamespace) return (namespace) => namespace === ownNamespace;
  return (namespace) =>
    namespace.startsWith(s.namespacePrefix) || namespace.startsWith(s.groupNamespacePrefix);
}

export function cacheInventory(
  kube: KubernetesPort,
  caches: CacheSource,
  syncTimeoutMs: number,
  /** Only the region's namespaces (another region's controller handles the others). */
  owns: (namespace: string) => boolean = () => true,
): IdleInventoryPort {
  return {
    async releases() {
      const records = await kube.list<KubeObject>("/api/v1/secrets", {
        fieldSelector: `type=${ONYXIA_SECRET_TYPE}`,
      });
      const namespaces = [...new Set(records.map((r) => r.metadata?.namespace ?? ""))].filter(
        (namespace) => namespace !== "" && owns(namespace),
      );
      const out: IdleTarget[] = [];
      for (const namespace of namespaces.sort()) {
        const cache = caches.namespace(namespace);
        await cache.ready(syncTimeoutMs);
        const metas = onyxiaMetaByRelease(cache.onyxiaSecrets.objects.values());
        for (const [release, secret] of latestReleaseSecrets(cache.helmSecrets.objects.values())) {
          const meta = metas.get(release);
          const digest = secret.digest;
          if (!digest || !meta?.meta.owner) continue; // orphans: nobody to warn
          out.push({
            namespace,
            release,
            chart: digest.chartName,
            catalogId: meta.meta.catalogId,
            chartVersion: digest.chartVersion,
            values: digest.config,
            owner: meta.meta.owner,
            friendlyName: meta.meta.friendlyName,
            suspended: digest.suspended,
            suspendable: digest.suspendable,
            annotation: meta.secret.metadata?.annotations?.[IDLE_ANNOTATION],
            resourceVersion: meta.secret.metadata?.resourceVersion,
          });
        }
      }
      return out;
    },
  };
}
