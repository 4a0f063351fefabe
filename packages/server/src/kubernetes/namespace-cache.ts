// Everything the services pages read in one namespace, kept up to date by watches: Helm release
// secrets, Onyxia secrets, release pods, controllers and Warning events.
//
// Memory: a Helm release Secret carries the whole release (chart templates, default values,
// schema, manifest: 20-100 kB each). The cache keeps only its metadata and the release's digest
// (what a Service is built from), made once when the Secret arrives; the rest is dropped. What a
// page needs beyond the digest (values of another revision, the manifest) is asked from helm.
import { gunzipSync } from "node:zlib";
import {
  decodeHelmReleaseSecret,
  digestRelease,
  type KubeEvent,
  type KubePod,
  type KubeSecret,
  type KubeWorkload,
  type RegionExpose,
  type ReleaseDigest,
} from "@onyxia-ts/core";
import type { KubeClient } from "./client.ts";
import { KubernetesUnavailableError } from "./errors.ts";
import { Reflector } from "./reflector.ts";

export interface NamespaceCacheOptions {
  client: KubeClient;
  namespace: string;
  /** How the region exposes services (the URLs of a release's digest). */
  expose?: RegionExpose;
  log?: (message: string) => void;
  /** Each full list a watch makes, by kind (metrics). */
  onRelist?: (kind: string) => void;
  /** False: no watches, every `ready()` lists the namespace anew (over the stream budget). */
  watch?: boolean;
}

/** A Helm release Secret as the cache keeps it: metadata and digest, never the release payload. */
export interface HelmReleaseEntry extends KubeSecret {
  /** Null for a superseded revision (never listed) and for an unreadable one (`decodeError`). */
  digest: ReleaseDigest | null;
  decodeError?: string;
}

/** Counts release decodings (tests and benchmarks check each Secret version is decoded once). */
export const helmDecodeStats = { decoded: 0 };

const gunzip = (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));

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
export function slim<T>(object: T): T {
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
 * The Secret's digest instead of its payload. Release history can be long (onyxia-api installs
 * with --history-max 0): superseded revisions are never listed, so they are not even decoded.
 * The digest is deep-copied: its strings would otherwise be slices of the decoded release (the
 * manifest, the values) and keep all of it alive.
 */
export function helmReleaseEntry(
  secret: KubeSecret,
  expose: RegionExpose | undefined,
  log: ((message: string) => void) | undefined,
): HelmReleaseEntry {
  const { data: _payload, ...slimmed } = slim(secret);
  if (slimmed.metadata?.labels?.status === "superseded") return { ...slimmed, digest: null };
  try {
    helmDecodeStats.decoded++;
    const digest = digestRelease(decodeHelmReleaseSecret(secret, gunzip), expose);
    return { ...slimmed, digest: structuredClone(digest) };
  } catch (error) {
    // One unreadable release must not hide the others.
    const decodeError = (error as Error).message;
    log?.(`skipping release secret ${secret.metadata?.name ?? "?"}: ${decodeError}`);
    return { ...slimmed, digest: null, decodeError };
  }
}

export class NamespaceCache {
  readonly namespace: string;
  readonly helmSecrets: Reflector<HelmReleaseEntry>;
  readonly onyxiaSecrets: Reflector<KubeSecret>;
  readonly pods: Reflector<KubePod>;
  readonly deployments: Reflector<KubeWorkload>;
  readonly statefulSets: Reflector<KubeWorkload>;
  readonly daemonSets: Reflector<KubeWorkload>;
  readonly warningEvents: Reflector<KubeEvent>;
  /** Increases whenever any watched object changes. */
  generation = 0;
  lastUsed = Date.now();
  /** False: served by plain lists at each `ready()` (see NamespaceCacheOptions.watch). */
  readonly watching: boolean;
  private readonly all: Pick<
    Reflector<{ metadata?: { name?: string } }>,
    "synced" | "lastError" | "whenSynced" | "stop" | "refresh"
  >[];

  constructor(options: NamespaceCacheOptions) {
    this.namespace = options.namespace;
    this.watching = options.watch !== false;
    const make = <
      T extends { metadata?: { name?: string } },
      S extends { metadata?: { name?: string } } = T,
    >(
      kind: keyof typeof KINDS,
      transform: (o: S) => T = slim as (o: S) => T,
    ) =>
      new Reflector<T, S>({
        transform,
        client: options.client,
        path: KINDS[kind].path.replace("$ns", encodeURIComponent(options.namespace)),
        query: KINDS[kind].query,
        onChange: () => this.generation++,
        watch: this.watching,
        ...(options.log ? { log: options.log } : {}),
        ...(options.onRelist ? { onRelist: () => options.onRelist?.(kind) } : {}),
      });
    this.helmSecrets = make<HelmReleaseEntry, KubeSecret>("helmSecrets", (secret) =>
      helmReleaseEntry(secret, options.expose, options.log),
    );
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
    const fail = (cause: unknown) => unavailable(this.namespace, cause);
    if (this.watching) await whenAllSynced(this.all, timeoutMs, fail);
    else await withTimeout(Promise.all(this.all.map((r) => r.refresh())), timeoutMs, fail);
  }

  /** Objects kept per kind (metrics). */
  sizes(): Record<string, number> {
    return {
      helmSecrets: this.helmSecrets.objects.size,
      onyxiaSecrets: this.onyxiaSecrets.objects.size,
      pods: this.pods.objects.size,
      deployments: this.deployments.objects.size,
      statefulSets: this.statefulSets.objects.size,
      daemonSets: this.daemonSets.objects.size,
      warningEvents: this.warningEvents.objects.size,
    };
  }

  stop(): void {
    for (const r of this.all) r.stop();
  }
}

/** The first lists did not all arrive in time (none failed). */
export class SyncTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

type Syncing = Pick<
  Reflector<{ metadata?: { name?: string } }>,
  "synced" | "lastError" | "whenSynced"
>;

/**
 * Resolves when every reflector has its first list and none is currently failing; otherwise
 * rejects within `timeoutMs` with `fail(cause)`.
 */
export async function whenAllSynced(
  all: readonly Syncing[],
  timeoutMs: number,
  fail: (cause: unknown) => Error,
): Promise<void> {
  const failing = all.find((r) => r.synced && r.lastError);
  if (failing) throw fail(failing.lastError);
  if (all.every((r) => r.synced)) return;
  await withTimeout(Promise.all(all.map((r) => r.whenSynced())), timeoutMs, fail);
}

/** `work`, or `fail(cause)` when it rejects or takes longer than `timeoutMs`. */
async function withTimeout(
  work: Promise<unknown>,
  timeoutMs: number,
  fail: (cause: unknown) => Error,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new SyncTimeoutError(timeoutMs)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw fail(error);
  } finally {
    clearTimeout(timer);
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
