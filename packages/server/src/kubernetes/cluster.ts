// One client and a set of lazily started namespace caches per cluster (region). Idle namespaces
// are evicted (their watches stopped) so a server used by many projects stays bounded.
import type { RegionExpose } from "@onyxia-ts/core";
import type { KubeClient } from "./client.ts";
import { NamespaceCache } from "./namespace-cache.ts";

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

  constructor(
    readonly client: KubeClient,
    private readonly options: ClusterCachesOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.maxNamespaces = options.maxNamespaces ?? 500;
    this.sweeper = setInterval(() => this.evictIdle(), Math.min(60_000, this.idleMs)).unref();
  }

  /** The namespace's cache, started on first use. Namespaces are validated by the caller. */
  namespace(name: string): NamespaceCache {
    let cache = this.caches.get(name);
    if (!cache) {
      if (this.caches.size >= this.maxNamespaces) this.evictLeastRecentlyUsed();
      cache = new NamespaceCache({
        client: this.client,
        namespace: name,
        ...(this.options.expose ? { expose: this.options.expose } : {}),
        ...(this.options.log ? { log: this.options.log } : {}),
        ...(this.options.onRelist ? { onRelist: this.options.onRelist } : {}),
      });
      this.caches.set(name, cache);
    }
    cache.lastUsed = Date.now();
    return cache;
  }

  get watchedNamespaces(): string[] {
    return [...this.caches.keys()];
  }

  /** Namespaces watched and the objects kept per kind, summed over them (metrics). */
  stats(): { namespaces: number; objects: Record<string, number> } {
    const objects: Record<string, number> = {};
    for (const cache of this.caches.values())
      for (const [kind, count] of Object.entries(cache.sizes()))
        objects[kind] = (objects[kind] ?? 0) + count;
    return { namespaces: this.caches.size, objects };
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
