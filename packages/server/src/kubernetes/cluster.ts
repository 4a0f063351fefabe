// One client and a set of lazily started namespace caches per cluster (region). Idle namespaces
// are evicted (their watches stopped) so a server used by many projects stays bounded.
//
// Each namespace cache holds WATCHES_PER_NAMESPACE watches. The client can hold only so many
// streams at once (its streamBudget: HTTP/2 sessions × streams per session, or HTTP/1.1 sockets);
// a namespace the budget cannot take is never left waiting for a stream that will not come: it is
// served by plain lists at each request (correct, uncached), said once in the log and counted
// (stats().listOnly), and gets its watches as soon as there is room again.
import type { RegionExpose } from "@onyxia-ts/core";
import type { KubeClient, StreamBudget } from "./client.ts";
import { NamespaceCache } from "./namespace-cache.ts";

/** The watches of one namespace cache (namespace-cache.ts: releases, records, pods, controllers, events). */
export const WATCHES_PER_NAMESPACE = 7;

/** Streams the namespace caches leave to event streams, log streams and the admin view's watches. */
export function reservedStreams(limit: number): number {
  return Math.min(Math.max(32, Math.ceil(limit / 10)), Math.floor(limit / 2));
}

/** How many namespaces the budget can watch (the rest are served by lists). */
export function watchableNamespaces(budget: StreamBudget): number {
  return Math.max(
    0,
    Math.floor((budget.limit - reservedStreams(budget.limit)) / WATCHES_PER_NAMESPACE),
  );
}

export interface ClusterCachesOptions {
  /** Stop watching a namespace nobody asked about for this long. Default 10 minutes. */
  idleMs?: number;
  /** At most this many namespaces watched; the least recently used goes first. Default 500. */
  maxNamespaces?: number;
  /** The region's expose settings: the URLs kept in each release's digest. */
  expose?: RegionExpose;
  log?: (message: string) => void;
  /** Each full list a namespace's watch makes, by kind (metrics). */
  onRelist?: (kind: string) => void;
}

export class ClusterCaches {
  private readonly caches = new Map<string, NamespaceCache>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly maxNamespaces: number;
  /** Namespaces served by lists since the budget was last found full (logged once per episode). */
  private overBudget = false;

  constructor(
    readonly client: KubeClient,
    private readonly options: ClusterCachesOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.maxNamespaces = options.maxNamespaces ?? 500;
    this.sweeper = setInterval(() => this.evictIdle(), Math.min(60_000, this.idleMs)).unref();
    const budget = client.streamBudget?.();
    if (budget && watchableNamespaces(budget) < this.maxNamespaces)
      options.log?.(
        `the Kubernetes client holds ${budget.limit} watch streams: at most ${watchableNamespaces(budget)} of ` +
          `maxNamespaces ${this.maxNamespaces} namespaces can be watched (${WATCHES_PER_NAMESPACE} watches each, ` +
          `${reservedStreams(budget.limit)} streams kept for events and logs); the others are served by plain lists`,
      );
  }

  /** The namespace's cache, started on first use. Namespaces are validated by the caller. */
  namespace(name: string): NamespaceCache {
    let cache = this.caches.get(name);
    // Served by lists while the budget was full: watched again once there is room.
    if (cache && !cache.watching && this.roomForWatches()) {
      cache.stop();
      this.caches.delete(name);
      cache = undefined;
    }
    if (!cache) {
      if (this.caches.size >= this.maxNamespaces) this.evictLeastRecentlyUsed();
      const watch = this.roomForWatches();
      if (watch) this.overBudget = false;
      else this.sayOverBudget(name);
      cache = new NamespaceCache({
        client: this.client,
        namespace: name,
        watch,
        ...(this.options.expose ? { expose: this.options.expose } : {}),
        ...(this.options.log ? { log: this.options.log } : {}),
        ...(this.options.onRelist ? { onRelist: this.options.onRelist } : {}),
      });
      this.caches.set(name, cache);
    }
    cache.lastUsed = Date.now();
    return cache;
  }

  /**
   * Whether one more namespace's watches fit: the watched caches' commitment (their watches may
   * not be open yet: a cache lists first) within the budget less the reserve, and room right now.
   */
  private roomForWatches(): boolean {
    const budget = this.client.streamBudget?.();
    if (!budget) return true;
    let watched = 0;
    for (const cache of this.caches.values()) if (cache.watching) watched++;
    return (
      watched < watchableNamespaces(budget) &&
      budget.open + WATCHES_PER_NAMESPACE <= budget.limit - reservedStreams(budget.limit) / 2
    );
  }

  private sayOverBudget(name: string): void {
    if (this.overBudget) return;
    this.overBudget = true;
    const budget = this.client.streamBudget?.();
    this.options.log?.(
      `watch stream budget full (${budget?.open} of ${budget?.limit} streams open): namespace ${name} ` +
        "and the next ones beyond the budget are served by plain lists (uncached) until watches free up",
    );
  }

  get watchedNamespaces(): string[] {
    return [...this.caches.keys()];
  }

  /**
   * Namespaces watched, those served by lists (over the stream budget), and the objects kept per
   * kind, summed over them (metrics).
   */
  stats(): { namespaces: number; listOnly: number; objects: Record<string, number> } {
    const objects: Record<string, number> = {};
    let listOnly = 0;
    for (const cache of this.caches.values()) {
      if (!cache.watching) listOnly++;
      for (const [kind, count] of Object.entries(cache.sizes()))
        objects[kind] = (objects[kind] ?? 0) + count;
    }
    return { namespaces: this.caches.size - listOnly, listOnly, objects };
  }

  evictIdle(now = Date.now()): void {
    for (const [name, cache] of this.caches) {
      if (now - cache.lastUsed >= this.idleMs) {
        cache.stop();
        this.caches.delete(name);
      }
    }
  }

  private evictLeastRecentlyUsed(): void {
    let oldest: NamespaceCache | undefined;
    for (const cache of this.caches.values())
      if (!oldest || cache.lastUsed < oldest.lastUsed) oldest = cache;
    if (oldest) {
      oldest.stop();
      this.caches.delete(oldest.namespace);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const cache of this.caches.values()) cache.stop();
    this.caches.clear();
    this.client.close();
  }
}
