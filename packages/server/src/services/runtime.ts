// The Kubernetes side of the services pages: one ClusterCaches per region, created on first use.
import type { Region } from "@onyxia-ts/core";
import { ClusterCaches, createKubeClient, kubeConfigForRegion, type ClusterCachesOptions, type KubeClient } from "../kubernetes/index.ts";

export interface ServicesRuntimeOptions extends ClusterCachesOptions {
  /** Per region id, a client to use instead of the one from the region/kubeconfig (tests, benches). */
  clients?: Record<string, KubeClient>;
  /** Maximum wait for a namespace's first sync before answering 503. Default 10 s. */
  syncTimeoutMs?: number;
}

export class ServicesRuntime {
  private readonly clusters = new Map<string, Promise<ClusterCaches>>();
  readonly syncTimeoutMs: number;

  constructor(private readonly options: ServicesRuntimeOptions = {}) {
    this.syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
  }

  cluster(region: Region): Promise<ClusterCaches> {
    let cluster = this.clusters.get(region.id);
    if (!cluster) {
      cluster = (async () => {
        const client = this.options.clients?.[region.id] ?? (await createKubeClient(kubeConfigForRegion(region)));
        return new ClusterCaches(client, this.options);
      })();
      // A failed setup (no kubeconfig) is retried on the next request rather than remembered.
      cluster.catch(() => this.clusters.delete(region.id));
      this.clusters.set(region.id, cluster);
    }
    return cluster;
  }

  async close(): Promise<void> {
    const all = [...this.clusters.values()];
    this.clusters.clear();
    for (const c of await Promise.allSettled(all)) if (c.status === "fulfilled") c.value.close();
  }
}
