// The namespace's Kubernetes Events for GET /my-lab/events: the existing ones first (an
// unreachable cluster or a refusal fails before anything is streamed), then new ones as they come.
// Every stream of a namespace shares ONE watch (kubernetes/event-hub.ts), read with the server's
// identity once the caller may read the namespace (Platform.authorizeRead); the stream is tied to
// its client from the start (`signal`). In a group project, events of services the caller may not
// see are left out, by the listing's own rule (core `isVisibleTo`).
import { INSTANCE_LABEL, isVisibleTo, type Viewer } from "@onyxia-ts/core";
import type { Caller } from "../../domain/caller.ts";
import { TooManyRequestsError } from "../../domain/errors.ts";
import type { NamespaceCache, RawEvent } from "../../kubernetes/index.ts";
import type { Platform } from "../../platform/compose.ts";
import { translated } from "../../platform/translate-errors.ts";
import { viewerOf } from "../releases/index.ts";
import { namespaceServices } from "../services-list/index.ts";

/** Event streams subscribed now (tests check that a client leaving ends its subscription). */
export const eventWatches = { open: 0 };

export interface EventStreamHandlers {
  /** An event (raw Event JSON). */
  event(event: unknown): void;
  /** A comment for the client (interruptions); `final`: the stream ends after it. */
  note(message: string, final: boolean): void;
}

export interface EventStreamLimits {
  /** Streams one user may hold at once; 0: no limit. */
  perUser: number;
  /** Streams the server holds at once; 0: no limit. */
  max: number;
}

/** Counts open event streams per user and in all; `acquire` refuses beyond the limits (429). */
export class EventStreamSlots {
  private total = 0;
  private readonly byUser = new Map<string, number>();

  constructor(private readonly limits: EventStreamLimits) {}

  get open(): number {
    return this.total;
  }

  /** A slot for `user`, released by the function returned (once). */
  acquire(user: string): () => void {
    const mine = this.byUser.get(user) ?? 0;
    if (this.limits.perUser > 0 && mine >= this.limits.perUser)
      throw new TooManyRequestsError(
        `Too many event streams: ${user} already has ${mine} open (at most ${this.limits.perUser} per user); close one and retry`,
        { title: "Too many event streams" },
      );
    if (this.limits.max > 0 && this.total >= this.limits.max)
      throw new TooManyRequestsError(
        `Too many event streams on this server (at most ${this.limits.max}); retry later`,
        { title: "Too many event streams" },
      );
    this.byUser.set(user, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byUser.get(user) ?? 1) - 1;
      if (left <= 0) this.byUser.delete(user);
      else this.byUser.set(user, left);
    };
  }
}

type Visible = Parameters<typeof isVisibleTo>[0] & { id: string };

/**
 * Whether an event concerns a service `viewer` may see: the release owning its object (a pod or
 * controller by its instance label, else a name that is the release's or starts with it) must be
 * visible. Events of no release (the namespace, a quota) are shown.
 */
export function eventVisibilityOf(
  services: readonly Visible[],
  instanceOf: (objectName: string) => string | undefined,
  viewer: Viewer,
): (event: RawEvent) => boolean {
  const hidden = new Set(services.filter((s) => !isVisibleTo(s, viewer)).map((s) => s.id));
  if (hidden.size === 0) return () => true;
  // Longest first, so "app-2" wins over "app" for "app-2-xyz".
  const releases = services.map((s) => s.id).sort((a, b) => b.length - a.length);
  return (event) => {
    const name = event.involvedObject?.name ?? "";
    const release =
      instanceOf(name) ?? releases.find((r) => name === r || name.startsWith(`${r}-`));
    return release === undefined || !hidden.has(release);
  };
}

/** eventVisibilityOf over the namespace cache, recomputed when the namespace changes. */
export function eventVisibility(
  cache: NamespaceCache,
  region: Caller["region"],
  viewer: Viewer,
): (event: RawEvent) => boolean {
  if (!viewer.sharedNamespace) return () => true;
  const instanceOf = (name: string) =>
    [cache.pods, cache.deployments, cache.statefulSets, cache.daemonSets]
      .map((r) => r.objects.get(name)?.metadata?.labels?.[INSTANCE_LABEL])
      .find((release) => release !== undefined);
  let memo: { generation: number; check: (event: RawEvent) => boolean } | undefined;
  return (event) => {
    if (memo?.generation !== cache.generation)
      memo = {
        generation: cache.generation,
        check: eventVisibilityOf(namespaceServices(cache, { region }), instanceOf, viewer),
      };
    return memo.check(event);
  };
}

/**
 * The existing events, and `follow()` that streams the new ones until `signal` aborts. Rejects
 * (503, 403) before anything is streamed; an aborted signal at any point releases everything.
 */
export async function namespaceEvents(
  platform: Platform,
  caller: Caller,
  namespace: string,
  signal: AbortSignal,
) {
  const regional = await translated(() => platform.region(caller.region), {
    what: "Kubernetes is unavailable",
    asCaller: false,
  });
  const what = `Cannot read the events of namespace "${namespace}"`;
  const viewer = viewerOf(caller);
  // A personal namespace shows everything: no need for its services cache, only the access check.
  let visible: (event: RawEvent) => boolean = () => true;
  if (viewer.sharedNamespace) {
    const cache = await translated(
      () => platform.readableCache(caller.region, caller.kube, namespace),
      { what, asCaller: false },
    );
    visible = eventVisibility(cache, caller.region, viewer);
  } else
    await translated(() => platform.authorizeRead(caller.region, caller.kube, namespace), {
      what,
      asCaller: false,
    });

  let handlers: EventStreamHandlers | undefined;
  const early: RawEvent[] = [];
  const deliver = (event: RawEvent) => {
    if (!visible(event)) return;
    if (handlers) handlers.event(event);
    else early.push(event);
  };
  const hub = regional.eventHubs.namespace(namespace);
  const subscription = hub.subscribe(deliver, signal, platform.syncTimeoutMs);
  eventWatches.open++;
  signal.addEventListener("abort", () => eventWatches.open--, { once: true });
  const initial = await translated(() => subscription.initial, { what, asCaller: false });

  return {
    initial: initial.filter(visible) as unknown[],
    follow(next: EventStreamHandlers) {
      handlers = next;
      for (const event of early.splice(0)) next.event(event);
    },
  };
}
