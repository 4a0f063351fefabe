// One watch of a namespace's Kubernetes Events, shared by every event stream (SSE client) open on
// it: N clients cost one list and one watch, not N. The watch starts with the first subscriber and
// stops a little after the last one leaves (a burst of reconnections reuses it).
import type { KubeClient } from "./client.ts";
import { KubernetesUnavailableError } from "./errors.ts";
import { Reflector } from "./reflector.ts";

export interface RawEvent {
  metadata?: { name?: string; resourceVersion?: string; managedFields?: unknown };
  involvedObject?: { kind?: string; name?: string };
  [key: string]: unknown;
}

export interface EventSubscription {
  /** The events already there once the shared watch is synced (rejects 503-style, or when the signal aborts). */
  initial: Promise<RawEvent[]>;
}

export interface EventHubOptions {
  client: KubeClient;
  namespace: string;
  /** How long the watch outlives its last subscriber. Default 30 s. */
  lingerMs?: number;
  log?: (message: string) => void;
  /** Told when the watch stopped (its holder forgets the hub). */
  onStopped?: () => void;
}

const slim = (event: RawEvent): RawEvent => {
  if (!event.metadata?.managedFields) return event;
  const { managedFields: _m, ...metadata } = event.metadata;
  return { ...event, metadata };
};

export class NamespaceEventHub {
  private reflector: Reflector<RawEvent> | undefined;
  private readonly listeners = new Set<(event: RawEvent) => void>();
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventHubOptions) {}

  get subscribers(): number {
    return this.listeners.size;
  }

  get watching(): boolean {
    return this.reflector !== undefined;
  }

  /**
   * Subscribes `listener` to new and changed events until `signal` aborts; the subscription is
   * tied to the signal from the start, so a client that leaves while the first list is still
   * running releases everything. `initial` resolves with the existing events.
   */
  subscribe(
    listener: (event: RawEvent) => void,
    signal: AbortSignal,
    timeoutMs: number,
  ): EventSubscription {
    if (signal.aborted) return { initial: Promise.reject(abortError()) };
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const reflector = (this.reflector ??= this.start());
    // Delivered only once `initial` resolved: an event is never sent before the list it follows.
    let live = false;
    const own = (event: RawEvent) => {
      if (live) listener(event);
    };
    this.listeners.add(own);
    const leave = () => {
      this.listeners.delete(own);
      if (this.listeners.size === 0) this.scheduleStop();
    };
    signal.addEventListener("abort", leave, { once: true });
    const initial = new Promise<RawEvent[]>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new KubernetesUnavailableError(
              `Cannot read the events of namespace "${this.options.namespace}" from Kubernetes: no answer within ${timeoutMs} ms${reflector.lastError ? ` (${reflector.lastError.message})` : ""}`,
            ),
          ),
        timeoutMs,
      );
      const aborted = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal.addEventListener("abort", aborted, { once: true });
      reflector.whenSynced().then(
        () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", aborted);
          live = true;
          resolve([...reflector.objects.values()]);
        },
        (error: Error) => {
          clearTimeout(timer);
          signal.removeEventListener("abort", aborted);
          reject(
            error instanceof KubernetesUnavailableError
              ? error
              : new KubernetesUnavailableError(
                  `Cannot read the events of namespace "${this.options.namespace}": ${error.message}`,
                  { cause: error },
                ),
          );
        },
      );
    });
    // The caller may drop `initial` once the signal aborted: never an unhandled rejection.
    initial.catch(() => undefined);
    return { initial };
  }

  stop(): void {
    clearTimeout(this.lingerTimer);
    this.reflector?.stop();
    this.reflector = undefined;
    this.options.onStopped?.();
  }

  private start(): Reflector<RawEvent> {
    return new Reflector<RawEvent>({
      client: this.options.client,
      path: `/api/v1/namespaces/${encodeURIComponent(this.options.namespace)}/events`,
      transform: slim,
      onEvent: (type, event) => {
        if (type === "DELETED") return;
        for (const listener of this.listeners) listener(event);
      },
      ...(this.options.log ? { log: this.options.log } : {}),
    });
  }

  private scheduleStop(): void {
    clearTimeout(this.lingerTimer);
    const linger = this.options.lingerMs ?? 30_000;
    if (linger <= 0) return this.stop();
    this.lingerTimer = setTimeout(() => {
      if (this.listeners.size === 0) this.stop();
    }, linger).unref();
  }
}

/** The hubs of one cluster, one per namespace with subscribers (or lingering). */
export class EventHubs {
  private readonly hubs = new Map<string, NamespaceEventHub>();

  constructor(private readonly options: Omit<EventHubOptions, "namespace">) {}

  namespace(name: string): NamespaceEventHub {
    let hub = this.hubs.get(name);
    if (!hub)
      this.hubs.set(name, (hub = new NamespaceEventHub({ ...this.options, namespace: name })));
    return hub;
  }

  /** Namespaces whose events are being watched now. */
  get watchedNamespaces(): string[] {
    return [...this.hubs].filter(([, hub]) => hub.watching).map(([name]) => name);
  }

  close(): void {
    for (const hub of this.hubs.values()) hub.stop();
    this.hubs.clear();
  }
}

function abortError(): Error {
  return Object.assign(new Error("The client went away"), { name: "AbortError" });
}
