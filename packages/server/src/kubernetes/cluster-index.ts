// The region seen whole, for the admin view: Helm release Secrets, ownership records, pods,
// nodes and the projects' `onyxia-quota` ResourceQuotas of EVERY namespace, each kept by ONE
// watch across namespaces (keys `namespace/name`). Release Secrets are digested once on arrival,
// as in the namespace caches (namespace-cache.ts), so a listing decodes nothing, and more lightly
// (adminReleaseEntry: no manifest YAML), as thousands arrive at once. Started by the
// first admin request and stopped after `idleMs` without one: users' pages never pay for it.
import { gunzipSync } from "node:zlib";
import {
  decodeHelmReleaseSecret,
  digestRelease,
  firstManifestController,
  ONYXIA_QUOTA_NAME,
  type KubePod,
  type KubeSecret,
  type ReleaseDigest,
} from "@onyxia-ts/core";
import type { KubeClient } from "./client.ts";
import {
  KubernetesApiError,
  KubernetesPermissionError,
  KubernetesUnavailableError,
} from "./errors.ts";
import {
  helmDecodeStats,
  slim,
  SyncTimeoutError,
  whenAllSynced,
  type HelmReleaseEntry,
} from "./namespace-cache.ts";
import { namespacedKey, Reflector } from "./reflector.ts";

/** The node fields the capacity view reads. */
export interface KubeNode {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { allocatable?: Record<string, string> };
}

/** A ResourceQuota's hard limits and usage. */
export interface KubeResourceQuota {
  metadata?: { name?: string; namespace?: string };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** A pod as kept here: what states and requests need (containers' resources, node, phase). */
export type IndexedPod = KubePod & {
  spec?: KubePod["spec"] & { nodeName?: string };
};

export interface ClusterIndexOptions {
  client: KubeClient;
  log?: (message: string) => void;
}

export class ClusterIndex {
  readonly helmSecrets: Reflector<HelmReleaseEntry, KubeSecret>;
  readonly onyxiaSecrets: Reflector<KubeSecret>;
  /** Every pod that holds resources (not Succeeded/Failed), of any namespace. */
  readonly pods: Reflector<IndexedPod>;
  readonly nodes: Reflector<KubeNode>;
  readonly quotas: Reflector<KubeResourceQuota>;
  /** Increases whenever any watched object changes. */
  generation = 0;
  lastUsed = Date.now();
  readonly startedAt = Date.now();
  private readonly all: Reflector<{ metadata?: { name?: string } }, never>[];

  constructor(options: ClusterIndexOptions) {
    const make = <
      T extends { metadata?: { name?: string } },
      S extends { metadata?: { name?: string } } = T,
    >(
      path: string,
      query: Record<string, string>,
      transform: (o: S) => T = slim as (o: S) => T,
    ) =>
      new Reflector<T, S>({
        client: options.client,
        path,
        query,
        transform,
        key: namespacedKey,
        // Thousands of releases are decoded on the first list: other requests keep being served.
        yieldEveryMs: 20,
        onChange: () => this.generation++,
        ...(options.log ? { log: options.log } : {}),
      });
    this.helmSecrets = make<HelmReleaseEntry, KubeSecret>(
      "/api/v1/secrets",
      { labelSelector: "owner=helm" },
      (secret) => adminReleaseEntry(secret, options.log),
    );
    this.onyxiaSecrets = make("/api/v1/secrets", { fieldSelector: "type=onyxia.sh/release.v1" });
    this.pods = make("/api/v1/pods", {
      fieldSelector: "status.phase!=Succeeded,status.phase!=Failed",
    });
    this.nodes = make("/api/v1/nodes", {});
    this.quotas = make("/api/v1/resourcequotas", {
      fieldSelector: `metadata.name=${ONYXIA_QUOTA_NAME}`,
    });
    this.all = [this.helmSecrets, this.onyxiaSecrets, this.pods, this.nodes, this.quotas] as never;
  }

  /**
   * Resolves once every watch has its first list (503 naming the cause otherwise; when Kubernetes
   * refuses the server's identity, the permissions it lacks).
   */
  async ready(timeoutMs: number): Promise<void> {
    this.lastUsed = Date.now();
    await whenAllSynced(this.all, timeoutMs, (cause) => {
      const refused = refusedResources([...this.all.map((r) => r.lastError), cause]);
      if (refused.length > 0)
        return new KubernetesPermissionError(
          `the server's ServiceAccount may not list and watch ${refused.join(", ")} across namespaces ` +
            "(Kubernetes answered 403), which the admin view reads: enable the chart's admin view " +
            "RBAC (set admin.roles in the onyxia-ts chart's values), or grant these cluster-wide",
          { cause },
        );
      if (cause instanceof KubernetesUnavailableError) return cause;
      if (cause instanceof SyncTimeoutError)
        return new KubernetesUnavailableError(
          `The admin view is still reading every namespace's releases (started ${Math.round((Date.now() - this.startedAt) / 1000)} s ago, the first time only): try again shortly`,
        );
      const message = cause instanceof Error ? cause.message : String(cause);
      return new KubernetesUnavailableError(
        `Cannot read the region's services from Kubernetes: ${message}`,
        { cause },
      );
    });
  }

  stop(): void {
    for (const r of this.all) r.stop();
  }
}

const gunzip = (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));

/**
 * A release Secret as the admin view keeps it: the namespace caches' digest (helmReleaseEntry)
 * without what a listing of every project never reads, and without parsing the manifest's YAML
 * (most of a release's decoding). Chart, version, status, dates and suspension come from the
 * release JSON; of the manifest only whether it declares a controller (the service state: no
 * controller and no pod is "running"), hence `controllers` holds its first controller only, and
 * `urls`, `notes`, `config`, `env` and `labels` are empty.
 */
export function adminReleaseEntry(
  secret: KubeSecret,
  log: ((message: string) => void) | undefined,
): HelmReleaseEntry {
  const { data: _payload, ...slimmed } = slim(secret);
  if (slimmed.metadata?.labels?.status === "superseded") return { ...slimmed, digest: null };
  try {
    helmDecodeStats.decoded++;
    const release = decodeHelmReleaseSecret(secret, gunzip);
    const controller = firstManifestController(release.manifest);
    const digest: ReleaseDigest = {
      ...digestRelease({ ...release, manifest: "" }),
      controllers: controller ? [controller] : [],
      config: {},
      env: {},
      notes: "",
      labels: {},
    };
    // A copy: the strings kept would otherwise be slices of the decoded release.
    return { ...slimmed, digest: structuredClone(digest) };
  } catch (error) {
    const decodeError = (error as Error).message;
    log?.(`skipping release secret ${secret.metadata?.name ?? "?"}: ${decodeError}`);
    return { ...slimmed, digest: null, decodeError };
  }
}

/** The resources (last path segment) of the 401/403 answers among `errors`, deduplicated. */
function refusedResources(errors: readonly unknown[]): string[] {
  const resources = new Set<string>();
  for (const error of errors)
    if (error instanceof KubernetesApiError && (error.status === 403 || error.status === 401))
      resources.add(error.path.split("?")[0]?.split("/").pop() ?? error.path);
  return [...resources];
}

/** The region's ClusterIndex, started on first use and stopped after `idleMs` unused. */
export class LazyClusterIndex {
  private index: ClusterIndex | undefined;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly options: ClusterIndexOptions,
    private readonly idleMs = 15 * 60_000,
  ) {
    this.sweeper = setInterval(() => this.evictIdle(), Math.min(60_000, idleMs)).unref();
  }

  get(): ClusterIndex {
    this.index ??= new ClusterIndex(this.options);
    this.index.lastUsed = Date.now();
    return this.index;
  }

  get started(): boolean {
    return this.index !== undefined;
  }

  evictIdle(now = Date.now()): void {
    if (this.index && now - this.index.lastUsed >= this.idleMs) {
      this.index.stop();
      this.index = undefined;
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.index?.stop();
    this.index = undefined;
  }
}
