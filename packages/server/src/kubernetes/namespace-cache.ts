// Everything the services pages read in one namespace, kept up to date by watches: Helm release
// secrets, Onyxia secrets, release pods, controllers and Warning events.
import type { KubeEvent, KubePod, KubeSecret, KubeWorkload } from "@onyxia-ts/core";
import type { KubeClient } from "./client.ts";
import { KubernetesUnavailableError } from "./errors.ts";
import { Reflector } from "./reflector.ts";

export interface NamespaceCacheOptions {
  client: KubeClient;
  namespace: string;
  log?: (message: string) => void;
}

const KINDS = {
  helmSecrets: { path: "/api/v1/namespaces/$ns/secrets", query: { labelSelector: "owner=helm" } },
  onyxiaSecrets: {
    path: "/api/v1/namespaces/$ns/secrets",
    query: { fieldSelector: "type=onyxia.sh/release.v1" },
  },
  pods: {
    path: "/api/v1/namespaces/$ns/pods",
    query: { labelSelector: "app.kubernetes.io/instance" },
  },
  deployments: { path: "/apis/apps/v1/namespaces/$ns/deployments", query: {} },
  statefulSets: { path: "/apis/apps/v1/namespaces/$ns/statefulsets", query: {} },
  daemonSets: { path: "/apis/apps/v1/namespaces/$ns/daemonsets", query: {} },
  warningEvents: {
    path: "/api/v1/namespaces/$ns/events",
    query: { fieldSelector: "type=Warning" },
  },
} as const;

type Slimmable = { metadata?: { managedFields?: unknown; annotations?: Record<string, string> } };

/** managedFields and the last-applied annotation are large and never read here. */
function slim<T>(object: T): T {
  const meta = (object as Slimmable).metadata;
  if (!meta) return object;
  const { managedFields: _m, annotations, ...rest } = meta;
  const kept = annotations
    ? Object.fromEntries(
        Object.entries(annotations).filter(
          ([k]) => k !== "kubectl.kubernetes.io/last-applied-configuration",
        ),
      )
    : undefined;
  return { ...object, metadata: { ...rest, ...(kept ? { annotations: kept } : {}) } };
}

/**
 * Release history can be long (onyxia-api installs with --history-max 0): superseded revisions
 * are never listed, so their payload is dropped and only their labels kept.
 */
function slimHelmSecret(secret: KubeSecret): KubeSecret {
  const slimmed = slim(secret);
  return slimmed.metadata?.labels?.status === "superseded" ? { ...slimmed, data: {} } : slimmed;
}

export class NamespaceCache {
  readonly namespace: string;
  readonly helmSecrets: Reflector<KubeSecret>;
  readonly onyxiaSecrets: Reflector<KubeSecret>;
  readonly pods: Reflector<KubePod>;
  readonly deployments: Reflector<KubeWorkload>;
  readonly statefulSets: Reflector<KubeWorkload>;
  readonly daemonSets: Reflector<KubeWorkload>;
  readonly warningEvents: Reflector<KubeEvent>;
  /** Increases whenever any watched object changes. */
  generation = 0;
  lastUsed = Date.now();
  private readonly all: Reflector<{ metadata?: { name?: string } }>[];

  constructor(options: NamespaceCacheOptions) {
    this.namespace = options.namespace;
    const make = <T extends { metadata?: { name?: string } }>(
      kind: keyof typeof KINDS,
      transform: (o: T) => T = slim,
    ) =>
      new Reflector<T>({
        transform,
        client: options.client,
        path: KINDS[kind].path.replace("$ns", encodeURIComponent(options.namespace)),
        query: KINDS[kind].query,
        onChange: () => this.generation++,
        ...(options.log ? { log: options.log } : {}),
      });
    this.helmSecrets = make<KubeSecret>("helmSecrets", slimHelmSecret);
    this.onyxiaSecrets = make("onyxiaSecrets");
    this.pods = make("pods");
    this.deployments = make("deployments");
    this.statefulSets = make("statefulSets");
    this.daemonSets = make("daemonSets");
    this.warningEvents = make("warningEvents");
    this.all = [
      this.helmSecrets,
      this.onyxiaSecrets,
      this.pods,
      this.deployments,
      this.statefulSets,
      this.daemonSets,
      this.warningEvents,
    ];
  }

  /**
   * Resolves when every watch has its first list and none is currently failing; otherwise
   * rejects within `timeoutMs` with a KubernetesUnavailableError naming the cause.
   */
  async ready(timeoutMs: number): Promise<void> {
    this.lastUsed = Date.now();
    const failing = this.all.find((r) => r.synced && r.lastError);
    if (failing) throw unavailable(this.namespace, failing.lastError);
    if (this.all.every((r) => r.synced)) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all(this.all.map((r) => r.whenSynced())),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw unavailable(this.namespace, error);
    } finally {
      clearTimeout(timer);
    }
  }

  stop(): void {
    for (const r of this.all) r.stop();
  }
}

function unavailable(namespace: string, cause: unknown): Error {
  if (cause instanceof KubernetesUnavailableError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new KubernetesUnavailableError(
    `Cannot read the services of namespace "${namespace}" from Kubernetes: ${message}`,
    { cause },
  );
}
