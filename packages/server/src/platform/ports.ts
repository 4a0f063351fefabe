// The interfaces features depend on, so unit tests can hand them in-memory fakes
// (test/support/) and the real adapters stay at the edge: Kubernetes (kubernetes-writer.ts over
// kubernetes/client.ts), helm (helm/client.ts), the lifecycle event sink (event-sink.ts), time
// and randomness.
import type { LifecycleEvent } from "@onyxia-ts/core";
import type { ChartSource, ReleaseTarget } from "../helm/args.ts";

/** A Kubernetes object, read loosely (features check the fields they need). */
export interface KubeObject {
  metadata?: {
    name?: string;
    uid?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ownerReferences?: unknown[];
    resourceVersion?: string;
    /** RFC 3339, set by the API server when the object was created. */
    creationTimestamp?: string;
  };
  [key: string]: unknown;
}

/** A delete that happens only if the object is still this one (DeleteOptions.preconditions). */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/** Kubernetes reads and writes by API path, with the server's identity unless `withHeaders`. */
export interface KubernetesPort {
  /** The object, or undefined on 404. */
  get<T = KubeObject>(path: string): Promise<T | undefined>;
  list<T = KubeObject>(path: string, query?: Record<string, string>): Promise<T[]>;
  create<T = KubeObject>(collectionPath: string, body: unknown): Promise<T>;
  /** Server-side apply (force: we own these fields). */
  apply<T = KubeObject>(path: string, body: unknown): Promise<T>;
  mergePatch<T = KubeObject>(path: string, patch: unknown): Promise<T>;
  /**
   * True when something was deleted, false on 404. With `preconditions`, only the object of that
   * uid (and resourceVersion): another answers a 409 KubernetesApiError and stays.
   */
  remove(path: string, preconditions?: DeletePreconditions): Promise<boolean>;
  /** The same port sending extra headers (Impersonate-User, or a user's bearer token). */
  withHeaders(headers: Record<string, string | string[]>): KubernetesPort;
  close(): void;
}

export interface HelmReleaseResult {
  revision: number;
  manifest: string;
  notes: string;
  durationMs: number;
  /** Time spent waiting for a free helm slot. */
  queuedMs: number;
  /**
   * Where helm's own time went (ms): "helm-prepare" (its home and values file), "helm-render"
   * (from the spawn to the post-renderer's request accepted), "post-render" (that request read
   * and checked), "helm-apply" (from the answer to helm's exit), or "helm-run" (spawn to exit)
   * without a post-render check.
   */
  phases?: Record<string, number>;
}

export interface HelmRevision {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}

export interface HelmMetadata {
  name: string;
  chart: string;
  version: string;
  appVersion?: string;
  namespace: string;
  revision: number;
  status: string;
}

/**
 * Sees the exact manifests helm is about to apply (helm's post-renderer), once, in the same helm
 * process; throwing refuses them: helm stops before creating anything and the operation rejects
 * with what was thrown.
 */
export type ManifestCheck = (manifest: string) => void | Promise<void>;

/** The helm operations the features use (helm/client.ts runs the pinned CLI). */
export interface HelmPort {
  template(
    target: Omit<ReleaseTarget, "identity">,
    source: ChartSource,
    values: unknown,
    check?: ManifestCheck,
  ): Promise<{ manifest: string; durationMs: number; queuedMs: number }>;
  install(
    target: ReleaseTarget,
    source: ChartSource,
    values: unknown,
    timeout?: string | null,
    check?: ManifestCheck,
  ): Promise<HelmReleaseResult>;
  upgrade(
    target: ReleaseTarget,
    source: ChartSource,
    values: unknown,
    timeout?: string | null,
    check?: ManifestCheck,
  ): Promise<HelmReleaseResult>;
  setSuspend(
    target: ReleaseTarget,
    source: ChartSource,
    suspend: boolean,
    timeout?: string | null,
    check?: ManifestCheck,
  ): Promise<HelmReleaseResult>;
  uninstall(target: ReleaseTarget): Promise<void>;
  rollback(target: ReleaseTarget, revision: number): Promise<void>;
  history(target: ReleaseTarget): Promise<HelmRevision[]>;
  values(target: ReleaseTarget, revision?: number): Promise<Record<string, unknown>>;
  manifest(target: ReleaseTarget, revision?: number): Promise<string>;
  metadata(target: ReleaseTarget): Promise<HelmMetadata>;
}

/** Lifecycle events (reference §1.6): fire and forget. */
export interface EventSink {
  (event: Omit<LifecycleEvent, "timestamp">): void;
  /** Resolves once every event sent so far has been delivered or has failed (tests, shutdown). */
  pending(): Promise<void>;
}

export interface Clock {
  now(): number;
}

/** A number in [0, 1), like Math.random (release name suffixes). */
export type Random = () => number;

/** A release as the idle controller sees it (features/idle-suspend). */
export interface IdleTarget {
  namespace: string;
  release: string;
  /** The chart's name (`jupyter-python`) and the catalog it came from. */
  chart: string;
  catalogId: string | null;
  /** The chart's version (its Chart.yaml may declare an activity signal). */
  chartVersion: string;
  /** The release's user-supplied values (where a chart's activity credential may be). */
  values: Record<string, unknown>;
  owner: string;
  friendlyName: string | null;
  suspended: boolean;
  suspendable: boolean;
  /** The ownership record's idle annotation, and its resourceVersion (writes are conditional). */
  annotation: string | undefined;
  resourceVersion: string | undefined;
}

/** The releases of a region that have an owner (orphans are never paused: nobody to warn). */
export interface IdleInventoryPort {
  releases(): Promise<IdleTarget[]>;
}

/** CPU now, per release: `usage.get("<namespace>/<release>")` in millicores. */
export interface UsagePort {
  /** Undefined when the metrics API is not there at all; a release missing from the map has no figure. */
  releaseCpu(): Promise<Map<string, number> | undefined>;
}
