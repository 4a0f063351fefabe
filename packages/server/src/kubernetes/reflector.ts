// Keeps an in-memory copy of one kind of object in one namespace: list, then watch from the
// list's resourceVersion; re-watch when the server ends the watch, relist on 410 Gone (the
// version expired), and retry with backoff on errors. `version` counts changes so readers can
// memoize what they derive.
import type { KubeClient, Query, WatchHandle } from "./client.ts";
import { KubernetesApiError } from "./errors.ts";

interface Named {
  metadata?: { name?: string; resourceVersion?: string };
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
  /** Each full list (the first sync, then after an expired version or an error): metrics. */
  onRelist?: () => void;
}

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

  constructor(private readonly options: ReflectorOptions<T, S>) {
    void this.run();
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

  private changed(): void {
    this.version++;
    this.options.onChange?.();
  }

  private async relist(): Promise<void> {
    this.options.onRelist?.();
    const list = await this.options.client.list<S>(this.options.path, this.options.query);
    this.objects.clear();
    const keep = this.options.transform ?? ((o: S) => o as unknown as T);
    for (const item of list.items)
      if (item.metadata?.name) this.objects.set(item.metadata.name, keep(item));
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
        if (event.type === "DELETED") this.objects.delete(meta.name);
        else this.objects.set(meta.name, object);
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
