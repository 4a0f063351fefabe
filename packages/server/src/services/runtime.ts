// The Kubernetes side of the services pages: one ClusterCaches per region, created on first use.
import type { Region } from "@onyxia-ts/core";
import {
  ClusterCaches,
  createKubeClient,
  kubeConfigForRegion,
  type ClusterCachesOptions,
  type KubeClient,
  type NamespaceCache,
} from "../kubernetes/index.ts";
import type { KubeIdentity } from "../user/index.ts";
import { ReadAccess, type ReadAccessOptions } from "./read-access.ts";

export interface ServicesRuntimeOptions extends ClusterCachesOptions {
  /** Per region id, a client to use instead of the one from the region/kubeconfig (tests, benches). */
  clients?: Record<string, KubeClient>;
  /** Maximum wait for a namespace's first sync before answering 503. Default 10 s. */
  syncTimeoutMs?: number;
  /** How long a caller's access review is reused (impersonate and tokenPassthrough modes). */
  readAccess?: ReadAccessOptions;
}

export class ServicesRuntime {
  private readonly clusters = new Map<string, Promise<ClusterCaches>>();
  readonly syncTimeoutMs: number;
  readonly readAccess: ReadAccess;

  constructor(private readonly options: ServicesRuntimeOptions = {}) {
    this.syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
    this.readAccess = new ReadAccess(options.readAccess);
  }

  /**
   * Resolves when `identity` may read `namespace` (403 HttpProblem otherwise). The caches are
   * filled with the server's rights and shared: in impersonate and tokenPassthrough modes
   * Kubernetes decides, through an access review made as the caller; serviceAccount: no check.
   */
  async authorizeRead(region: Region, identity: KubeIdentity, namespace: string): Promise<void> {
    if (identity.mode === "serviceAccount") return;
    await this.readAccess.require((await this.cluster(region)).client, identity, namespace);
  }

  /** The namespace's cache, synced, once `identity` is allowed to read it. */
  async readableCache(
    region: Region,
    identity: KubeIdentity,
    namespace: string,
  ): Promise<NamespaceCache> {
    await this.authorizeRead(region, identity, namespace);
    const cache = (await this.cluster(region)).namespace(namespace);
    await cache.ready(this.syncTimeoutMs);
    return cache;
  }

  cluster(region: Region): Promise<ClusterCaches> {
    let cluster = this.clusters.get(region.id);
    if (!cluster) {
      cluster = (async () => {
        const client =
          this.options.clients?.[region.id] ??
          (await createKubeClient(kubeConfigForRegion(region)));
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
