// Keeps an in-memory copy of one kind of object in one namespace: list, then watch from the
// list's resourceVersion; re-watch when the server ends the watch, relist on 410 Gone (the
// version expired), and retry with backoff on errors. `version` counts changes so readers can
// memoize what they derive.
import type { KubeClient, Query, WatchHandle } from "./client.ts";
import { KubernetesApiError } from "./errors.ts";

interface Named {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export interface ReflectorOptions<T = unknown, S = T> {
  client: KubeClient;
  /** e.g. /api/v1/namespaces/<ns>/secrets */
  path: string;
  query?: Query;
  /** Called on every change (for generation counters). */
  onChange?: () => void;
  log?: (message: string) => void;
  /** Slims each object as it arrives (S, as served) into what is kept (T). */
  transform?: (object: S) => T;
  /** Server-side watch duration before a clean re-watch. */
  watchSeconds?: number;
  /** Each change a watch brings (fan-out of event streams), after `transform`. */
  onEvent?: (type: "ADDED" | "MODIFIED" | "DELETED", object: T) => void;
  /** Longest wait between two retries. Default 5 s. */
  maxBackoffMs?: number;
  /**
   * The key of an object in `objects`. Default its name (one namespace); a watch across namespaces
   * keys by `namespace/name` (`namespacedKey`).
   */
  key?: (metadata: { name: string; namespace?: string }) => string;
  /**
   * While a (re)list is transformed, give the event loop back after this many ms of work: a
   * costly `transform` over a large list (the cluster-wide index decodes thousands of releases)
   * must not stall every other request. The new objects replace the old ones at once, at the end.
   * Default: no yielding.
   */
  yieldEveryMs?: number;
  /** Each full list (the first sync, then after an expired version or an error): metrics. */
  onRelist?: () => void;
  /**
   * False: no watch, the objects change only when `refresh()` lists them again (a namespace the
   * stream budget cannot take: correct, uncached). Default true.
   */
  watch?: boolean;
}

/** `namespace/name`: the key of a watch across every namespace. */
export const namespacedKey = (metadata: { name: string; namespace?: string }) =>
  `${metadata.namespace ?? ""}/${metadata.name}`;

/**
 * Short and capped: once the API server is back, a namespace answers within a few seconds
 * (a 30 s cap kept the API at 503 long after a restart). Jittered so watches do not retry in step.
 */
const MAX_BACKOFF_MS = 5_000;

export class Reflector<T extends Named, S extends Named = T> {
  readonly objects = new Map<string, T>();
  /** Increases on every change. */
  version = 0;
  /** The last list/watch error, cleared by a successful list. */
  lastError: Error | undefined;
  private resourceVersion = "";
  private watch: WatchHandle | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 500;
  private syncedOnce = false;
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private listing: Promise<void> | undefined;
  private nextListing: Promise<void> | undefined;

  constructor(private readonly options: ReflectorOptions<T, S>) {
    if (options.watch !== false) void this.run();
  }

  /**
   * Lists the objects now (a reflector without watch). A caller arriving while a list runs gets
   * the next one, which starts after it: never an answer older than the call.
   */
  refresh(): Promise<void> {
    if (this.listing)
      return (this.nextListing ??= this.listing
        .catch(() => undefined)
        .then(() => {
          this.nextListing = undefined;
          return this.refresh();
        }));
    this.listing = this.relist()
      .catch((error: unknown) => {
        this.lastError = error as Error;
        throw error;
      })
      .finally(() => (this.listing = undefined));
    return this.listing;
  }

  get synced(): boolean {
    return this.syncedOnce;
  }

  /** Resolves once the first list is in; rejects with the error if it fails first. */
  whenSynced(): Promise<void> {
    if (this.syncedOnce) return Promise.resolve();
    if (this.lastError) return Promise.reject(this.lastError);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.watch?.abort();
  }

  private keyOf(metadata: { name?: string; namespace?: string }): string {
    const named = metadata as { name: string; namespace?: string };
    return this.options.key ? this.options.key(named) : named.name;
  }

  private changed(): void {
    this.version++;
    this.options.onChange?.();
  }

  private async relist(): Promise<void> {
    this.options.onRelist?.();
    const list = await this.options.client.list<S>(this.options.path, this.options.query);
    const keep = this.options.transform ?? ((o: S) => o as unknown as T);
    const fresh = new Map<string, T>();
    const every = this.options.yieldEveryMs;
    let sliceStart = performance.now();
    for (const item of list.items) {
      if (item.metadata?.name) fresh.set(this.keyOf(item.metadata), keep(item));
      if (every !== undefined && performance.now() - sliceStart >= every) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopped) return;
        sliceStart = performance.now();
      }
    }
    this.objects.clear();
    for (const [key, object] of fresh) this.objects.set(key, object);
    this.resourceVersion = list.metadata?.resourceVersion ?? "";
    this.lastError = undefined;
    this.changed();
    if (!this.syncedOnce) {
      this.syncedOnce = true;
      for (const w of this.waiters.splice(0)) w.resolve();
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        if (this.stopped) return;
        const error = await this.watchOnce();
        if (this.stopped) return;
        if (error instanceof KubernetesApiError && error.status === 410) this.resourceVersion = "";
        else if (error) throw error;
        this.backoffMs = 500;
      } catch (error) {
        if (this.stopped) return;
        this.lastError = error as Error;
        this.resourceVersion = "";
        if (!this.syncedOnce) for (const w of this.waiters.splice(0)) w.reject(this.lastError);
        this.options.log?.(
          `watch ${this.options.path} failed, retrying in ${this.backoffMs} ms: ${(error as Error).message}`,
        );
        const wait = this.backoffMs * (0.75 + Math.random() * 0.5);
        await new Promise<void>((resolve) => (this.retryTimer = setTimeout(resolve, wait)));
        this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? MAX_BACKOFF_MS);
      }
    }
  }

  private async watchOnce(): Promise<Error | null> {
    let gone = false;
    const seconds = this.options.watchSeconds ?? 240 + Math.floor(Math.random() * 60);
    this.watch = this.options.client.watch<S>(
      this.options.path,
      {
        ...this.options.query,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: seconds,
      },
      (event) => {
        const meta = event.object?.metadata;
        if (event.type === "ERROR") {
          if ((event.object as { code?: number }).code === 410) gone = true;
          return;
        }
        if (meta?.resourceVersion) this.resourceVersion = meta.resourceVersion;
        if (event.type === "BOOKMARK" || !meta?.name) return;
        const object = this.options.transform
          ? this.options.transform(event.object)
          : (event.object as unknown as T);
        const key = this.keyOf(meta as { name: string; namespace?: string });
        if (event.type === "DELETED") this.objects.delete(key);
        else this.objects.set(key, object);
        this.changed();
        this.options.onEvent?.(event.type, object);
      },
    );
    // The server ends the watch after `seconds`; silence well beyond that means a dead connection.
    let stalled = false;
    const watch = this.watch;
    const watchdog = setTimeout(
      () => {
        stalled = true;
        watch.abort();
      },
      (seconds + 30) * 1000,
    );
    const error = await watch.done;
    clearTimeout(watchdog);
    if (stalled)
      return new Error(`watch ${this.options.path} stalled (no end after ${seconds + 30} s)`);
    if (gone) return new KubernetesApiError(410, this.options.path, "resource version expired");
    return error;
  }
}
