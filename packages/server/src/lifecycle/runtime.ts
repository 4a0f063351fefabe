// Per-region cluster access for the write side, the helm client and the event sink. A region
// with `services.server` gets a kubeconfig file (0600) for helm; otherwise helm reads the same
// KUBECONFIG / in-cluster settings as the server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppConfig, Region } from "@onyxia-ts/core";
import { createHelmClient, type HelmClient } from "../helm/index.ts";
import { kubeConfigForRegion } from "../kubernetes/index.ts";
import { createEventSink, type EventLog, type EventSink } from "./events.ts";
import { createKubeWriter, type KubeWriter } from "./kube-writer.ts";

export interface RegionCluster {
  kube: KubeWriter;
  /** For helm --kubeconfig; undefined: helm uses the environment like the server. */
  kubeconfig: string | undefined;
}

export interface LifecycleOptions {
  helm?: HelmClient;
  /** Per region id, a writer to use instead of one from the region/kubeconfig. */
  writers?: Record<string, KubeWriter>;
  /** Random source for release names. Default crypto. */
  random?: () => number;
  /** The webhook transport (tests point it at a real local server). */
  post?: typeof fetch;
}

export class LifecycleRuntime {
  readonly helm: HelmClient;
  readonly events: EventSink & { pending: () => Promise<void> };
  private readonly clusters = new Map<string, Promise<RegionCluster>>();
  private readonly tempDir = mkdtempSync(path.join(tmpdir(), "onyxia-kubeconfig-"));

  constructor(
    config: AppConfig,
    log: EventLog,
    private readonly options: LifecycleOptions = {},
  ) {
    this.helm = options.helm ?? createHelmClient();
    this.events = createEventSink(config.event, log, options.post);
  }

  cluster(region: Region): Promise<RegionCluster> {
    let cluster = this.clusters.get(region.id);
    if (!cluster) {
      cluster = (async () => {
        const given = this.options.writers?.[region.id];
        const kc = given ? undefined : kubeConfigForRegion(region);
        const kube = given ?? (await createKubeWriter(kc!));
        let kubeconfig: string | undefined;
        if (kc && region.services.server?.URL) {
          kubeconfig = path.join(this.tempDir, `${region.id.replace(/[^\w.-]/g, "_")}.yaml`);
          writeFileSync(kubeconfig, kc.exportConfig(), { mode: 0o600 });
        }
        return { kube, kubeconfig };
      })();
      cluster.catch(() => this.clusters.delete(region.id));
      this.clusters.set(region.id, cluster);
    }
    return cluster;
  }

  async close(): Promise<void> {
    await this.events.pending();
    for (const c of await Promise.allSettled([...this.clusters.values()]))
      if (c.status === "fulfilled") c.value.kube.close();
    this.clusters.clear();
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}
