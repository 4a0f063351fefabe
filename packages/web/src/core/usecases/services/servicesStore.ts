// The project's services (or one of them), kept fresh by the events stream: a relevant event
// triggers a refetch. Pod readiness changes do not always produce an Event, so while a service is
// starting or suspending a moderate poll runs too; a slow poll only when the stream is down.
// Watching starts with the first subscriber and stops with the last.
import type { Service } from "@onyxia-ts/core";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import { createState, type Store } from "../../store.ts";
import { concernsRelease, type ClusterEvent } from "../events/clusterEvents.ts";
import type { EventsUseCase } from "../events/eventsStore.ts";
import { automaticActions, isTransient, sortServices } from "./serviceDisplay.ts";

export const TRANSIENT_POLL_MS = 3_000;
export const FALLBACK_POLL_MS = 15_000;
export const EVENT_DEBOUNCE_MS = 300;

export interface Watched<T> {
  data: T | undefined;
  error: unknown;
  events: ClusterEvent[];
  streamConnected: boolean;
}

export interface Watch<T> extends Store<Watched<T>> {
  refresh(): void;
}

/** Which poll runs: fast while something moves, slow while the stream is down, else none. */
export function pollPeriod(transient: boolean, streamConnected: boolean): number | undefined {
  return transient ? TRANSIENT_POLL_MS : streamConnected ? undefined : FALLBACK_POLL_MS;
}

function createWatch<T>(options: {
  events: EventsUseCase;
  projectId: string | undefined;
  load: () => Promise<T>;
  transient: (data: T) => boolean;
  /** The events this watch cares about (all of them for the list). */
  relevant: (event: ClusterEvent) => boolean;
  debounceMs: number;
}): Watch<T> {
  const state = createState<Watched<T>>({
    data: undefined,
    error: undefined,
    events: [],
    streamConnected: false,
  });
  let inFlight = false;
  let again = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let poll: { period: number; timer: ReturnType<typeof setInterval> } | undefined;

  function refresh(): void {
    // One request at a time; a refresh asked meanwhile runs right after (no lost update).
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    options
      .load()
      .then(
        (data) => state.set((s) => ({ ...s, data, error: undefined })),
        (error: unknown) => state.set((s) => ({ ...s, error })),
      )
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          refresh();
        }
        schedulePoll();
      });
  }

  function schedulePoll(): void {
    if (listeners === 0) return;
    const { data, streamConnected } = state.get();
    const period = pollPeriod(data !== undefined && options.transient(data), streamConnected);
    if (poll?.period === period) return;
    if (poll) clearInterval(poll.timer);
    poll = period === undefined ? undefined : { period, timer: setInterval(refresh, period) };
  }

  let listeners = 0;
  let stopEvents: (() => void) | undefined;

  function syncEvents(): void {
    const snapshot = options.events.snapshot();
    const events = snapshot.events.filter(options.relevant);
    state.set((s) => ({ ...s, events, streamConnected: snapshot.connected }));
    schedulePoll();
  }

  return {
    getSnapshot: state.getSnapshot,
    refresh,
    subscribe(listener) {
      const stop = state.subscribe(listener);
      listeners += 1;
      if (listeners === 1) {
        stopEvents = options.events.subscribe(options.projectId, {
          onState: syncEvents,
          onEvents: (batch) => {
            if (!batch.some(options.relevant)) return;
            clearTimeout(debounce);
            debounce = setTimeout(refresh, options.debounceMs);
          },
        });
        syncEvents();
        refresh();
      }
      return () => {
        stop();
        listeners -= 1;
        if (listeners === 0) {
          stopEvents?.();
          clearTimeout(debounce);
          if (poll) clearInterval(poll.timer);
          poll = undefined;
        }
      };
    },
  };
}

export interface ServicesUseCase {
  /** The project's services, newest first. */
  list(projectId: string | undefined): Watch<Service[]>;
  /** One service, refreshed when an event about it arrives. */
  one(projectId: string | undefined, release: string): Watch<Service>;
}

export function createServicesUseCase(deps: {
  api: Pick<OnyxiaApi, "services" | "service">;
  events: EventsUseCase;
  /** The command bar history: the idle controller's automatic pauses go there once each. */
  log?: (call: string, commands: readonly string[], at?: number) => void;
}): ServicesUseCase {
  const seen = new Set<string>();
  const logAutomatic = <T extends Service | Service[]>(data: T): T => {
    for (const entry of automaticActions(Array.isArray(data) ? data : [data], seen))
      deps.log?.(entry.call, entry.commands, entry.at);
    return data;
  };
  return {
    list: (projectId) =>
      createWatch({
        events: deps.events,
        projectId,
        load: async () => logAutomatic(sortServices((await deps.api.services()).apps ?? [])),
        transient: (services) => services.some(isTransient),
        relevant: () => true,
        debounceMs: EVENT_DEBOUNCE_MS,
      }),
    one: (projectId, release) =>
      createWatch({
        events: deps.events,
        projectId,
        load: async () => logAutomatic(await deps.api.service(release)),
        transient: isTransient,
        relevant: (event) => concernsRelease(event, release),
        debounceMs: 0,
      }),
  };
}
