// The composition root of the server's infrastructure: one Platform per app, holding per region
// ONE object (RegionPlatform) with the Kubernetes client, the namespace watch caches, the
// Kubernetes port the write side uses and the helm port, plus the event sink, the access-review
// cache, the clock and the random source. Every part is a port with the real adapter as default;
// tests pass fakes (test/support/) through PlatformOptions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomInt } from "node:crypto";
import type { AppConfig, Region, ServerAccess } from "@onyxia-ts/core";
import { helmEnvironment, serverAccessOf } from "../config/process-env.ts";
import {
  createHelmClient,
  createHelmSlots,
  defaultHelmConcurrency,
  type HelmSlots,
} from "../helm/index.ts";
import {
  ClusterCaches,
  createKubeClient,
  EventHubs,
  kubeConfigForRegion,
  KubernetesUnavailableError,
  LazyClusterIndex,
  type ClusterCachesOptions,
  type KubeClient,
  type NamespaceCache,
} from "../kubernetes/index.ts";
import type { KubeIdentity } from "../user/index.ts";
import { createPrometheusMetrics } from "../metrics/prometheus.ts";
import { createEventSink, type EventLog } from "./event-sink.ts";
import { kubernetesWriter } from "./kubernetes-writer.ts";
import type { MetricsPort } from "./metrics-port.ts";
import type { Clock, EventSink, HelmPort, KubernetesPort, Random } from "./ports.ts";
import { ReadAccess, type ReadAccessOptions } from "./read-access.ts";

/** Everything the server uses in one region's cluster. */
export interface RegionPlatform {
  readonly region: Region;
  /** The raw client, server identity: watches, logs, events, access reviews, the quota read. */
  readonly client: KubeClient;
  /** The namespace watch caches (the services listing reads them). */
  readonly caches: ClusterCaches;
  /**
   * Every namespace's releases, pods, nodes and quotas, one watch each (the admin view), started
   * by the first admin request.
   */
  readonly clusterIndex: LazyClusterIndex;
  /** One shared watch of Events per namespace, fanned out to the event streams. */
  readonly eventHubs: EventHubs;
  /** Reads and writes by path (the write side); `withHeaders` for the caller's identity. */
  readonly kube: KubernetesPort;
  readonly helm: HelmPort;
  /** For helm --kubeconfig when the region names its API server; else helm uses the configured kubeconfig. */
  readonly kubeconfig: string | undefined;
}

export interface PlatformOptions extends ClusterCachesOptions {
  /** Per region id, the Kubernetes client (tests, benches). Default: from the region or the kubeconfig. */
  clients?: Record<string, KubeClient>;
  /** Per region id, the Kubernetes port (fakes). Default: over the region's client. */
  kubernetes?: Record<string, KubernetesPort>;
  /** Default: the pinned helm CLI, at most `runtime.helmConcurrency` processes at once. */
  helm?: HelmPort;
  /** Default: logs and the webhook of `config.event`. */
  events?: EventSink;
  /** The webhook transport (tests point it at a real local server). */
  post?: typeof fetch;
  clock?: Clock;
  /** Release name suffixes. Default crypto. */
  random?: Random;
  /** Maximum wait for a namespace's first sync before answering 503. Default 10 s. */
  syncTimeoutMs?: number;
  /** How long a caller's access review is reused (impersonate and tokenPassthrough modes). */
  readAccess?: ReadAccessOptions;
  /** Where events are logged (the app log). */
  eventLog?: EventLog;
  /** How long a namespace's shared Events watch outlives its last stream. Default 30 s. */
  eventWatchLingerMs?: number;
  /** How long the admin view's cluster-wide watches outlive the last admin request. Default 15 min. */
  clusterIndexIdleMs?: number;
  /** Default: Prometheus metrics (metrics/prometheus.ts), one registry per platform. */
  metrics?: MetricsPort;
}

const silentLog: EventLog = { info: () => undefined, warn: () => undefined };
const cryptoRandom: Random = () => randomInt(0, 2 ** 32) / 2 ** 32;

export class Platform {
  readonly helm: HelmPort;
  readonly metrics: MetricsPort;
  readonly events: EventSink;
  readonly readAccess: ReadAccess;
  readonly clock: Clock;
  readonly random: Random;
  readonly syncTimeoutMs: number;
  /** The folder of catalog CA files (helm --ca-file). */
  readonly caCertsDir: string | undefined;
  /** What onboarding binds for the server in each project namespace (its release Secrets). */
  readonly serverAccess: ServerAccess | undefined;
  private readonly regions = new Map<string, Promise<RegionPlatform>>();
  private tempDir: string | undefined;
  /** The real helm client's process slots (absent with a fake helm port). */
  private readonly helmSlots: HelmSlots | undefined;
  private primedRegions = new Set<string>();
  /** Per built region, its watch caches (metrics). */
  private builtRegions: { region: string; caches: ClusterCaches }[] = [];
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly options: PlatformOptions = {},
  ) {
    const runtime = config.runtime;
    this.helmSlots = options.helm
      ? undefined
      : createHelmSlots(runtime.helmConcurrency ?? defaultHelmConcurrency());
    this.helm =
      options.helm ??
      createHelmClient({
        slots: this.helmSlots,
        inheritedEnv: helmEnvironment(runtime),
        ...(runtime.helmBin ? { helmBin: runtime.helmBin } : {}),
      });
    this.metrics = options.metrics ?? createPrometheusMetrics();
    this.metrics.observe({
      helm: () => ({ running: this.helmSlots?.running ?? 0, queued: this.helmSlots?.queued ?? 0 }),
      watchCaches: () => this.cacheStats(),
    });
    this.clock = options.clock ?? Date;
    this.random = options.random ?? cryptoRandom;
    this.events =
      options.events ??
      createEventSink(config.event, options.eventLog ?? silentLog, options.post, 5000, this.clock);
    this.readAccess = new ReadAccess({ now: () => this.clock.now(), ...options.readAccess });
    this.syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
    this.caCertsDir = runtime.caCertsDir;
    this.serverAccess = serverAccessOf(runtime);
  }

  /** The region's platform, built on first use; a failed setup (no kubeconfig) is retried next time. */
  region(region: Region): Promise<RegionPlatform> {
    let built = this.regions.get(region.id);
    if (!built) {
      built = this.build(region);
      built.catch(() => this.regions.delete(region.id));
      this.regions.set(region.id, built);
    }
    return built;
  }

  private async build(region: Region): Promise<RegionPlatform> {
    const fake = this.options.kubernetes?.[region.id];
    const given = this.options.clients?.[region.id];
    let client: KubeClient;
    let kubeconfig: string | undefined;
    if (given) client = given;
    else if (fake) client = disconnectedClient(region);
    else {
      const kc = kubeConfigForRegion(region, this.config.runtime);
      client = await createKubeClient(kc);
      if (region.services.server?.URL) {
        this.tempDir ??= mkdtempSync(path.join(tmpdir(), "onyxia-kubeconfig-"));
        kubeconfig = path.join(this.tempDir, `${region.id.replace(/[^\w.-]/g, "_")}.yaml`);
        writeFileSync(kubeconfig, kc.exportConfig(), { mode: 0o600 });
      }
    }
    const caches = new ClusterCaches(client, {
      ...this.options,
      ...(region.services.expose ? { expose: region.services.expose } : {}),
      onRelist: (kind) => this.metrics.watchRelisted(region.id, kind),
    });
    this.builtRegions.push({ region: region.id, caches });
    return {
      region,
      client,
      clusterIndex: new LazyClusterIndex(
        {
          client,
          ...(this.options.log ? { log: this.options.log } : {}),
        },
        this.options.clusterIndexIdleMs,
      ),
      caches,
      eventHubs: new EventHubs({
        client,
        ...(this.options.eventWatchLingerMs !== undefined
          ? { lingerMs: this.options.eventWatchLingerMs }
          : {}),
        ...(this.options.log ? { log: this.options.log } : {}),
      }),
      kube: fake ?? kubernetesWriter(client),
      helm: this.helm,
      kubeconfig,
    };
  }

  /**
   * Resolves when `identity` may read `namespace` (ForbiddenError otherwise). The caches are
   * filled with the server's rights and shared: in impersonate and tokenPassthrough modes
   * Kubernetes decides, through an access review made as the caller; serviceAccount: no check.
   */
  async authorizeRead(region: Region, identity: KubeIdentity, namespace: string): Promise<void> {
    if (identity.mode === "serviceAccount") return;
    await this.readAccess.require((await this.region(region)).client, identity, namespace);
  }

  /** False when the namespace does not exist (not onboarded yet, or deleted by an operator). */
  async namespaceExists(region: Region, namespace: string): Promise<boolean> {
    const kube = (await this.region(region)).kube;
    return (await kube.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}`)) !== undefined;
  }

  /** The namespace's cache, synced, once `identity` is allowed to read it. */
  async readableCache(
    region: Region,
    identity: KubeIdentity,
    namespace: string,
  ): Promise<NamespaceCache> {
    await this.authorizeRead(region, identity, namespace);
    const cache = (await this.region(region)).caches.namespace(namespace);
    await cache.ready(this.syncTimeoutMs);
    return cache;
  }

  private cacheStats() {
    return this.builtRegions.map(({ region, caches }) => ({ region, ...caches.stats() }));
  }

  /**
   * Resolves once every region's API server has answered (its client built, `/version` read),
   * retrying every `retryMs` until then or until the platform closes. Namespace watch caches are
   * started by the first request about a namespace (a server watches only what is asked about),
   * so there is nothing cluster-wide to list first: reaching the API server is what "primed" means.
   */
  async prime(retryMs = 2000): Promise<void> {
    await Promise.all(
      this.config.regions.map(async (region) => {
        while (!this.closed && !this.primedRegions.has(region.id)) {
          try {
            const built = await this.region(region);
            if (!this.options.kubernetes?.[region.id]) await built.client.getJson("/version");
            this.primedRegions.add(region.id);
          } catch {
            await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
          }
        }
      }),
    );
  }

  /** The regions whose API server has not answered yet (readiness). */
  unprimedRegions(): string[] {
    return this.config.regions.map((r) => r.id).filter((id) => !this.primedRegions.has(id));
  }

  /** Resolves once no helm process runs or waits (graceful shutdown). */
  helmIdle(): Promise<void> {
    return this.helmSlots?.idle() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.helmIdle();
    await this.events.pending();
    const all = [...this.regions.values()];
    this.regions.clear();
    this.builtRegions = [];
    for (const r of await Promise.allSettled(all))
      if (r.status === "fulfilled") {
        r.value.eventHubs.close();
        r.value.clusterIndex.close();
        r.value.caches.close(); // closes the client too
        r.value.kube.close();
      }
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** The platform of an app: `options` builds one, a Platform is used as given (and not closed by the app). */
export function composePlatform(config: AppConfig, options: PlatformOptions = {}): Platform {
  return new Platform(config, options);
}

/** For a region whose Kubernetes port is a fake: its raw client is not connected to anything. */
function disconnectedClient(region: Region): KubeClient {
  const error = () =>
    new KubernetesUnavailableError(`Region "${region.id}" has no Kubernetes client (a fake port)`);
  const fail = () => Promise.reject(error());
  return {
    server: "about:blank",
    getJson: fail,
    list: fail,
    watch: () => ({ done: Promise.resolve(error()), abort: () => undefined }),
    stream: fail,
    post: fail,
    send: fail,
    close: () => undefined,
  };
}
