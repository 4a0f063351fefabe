// One /my-lab/events connection for the whole page, shared by the header's notifications and the
// services pages (a second stream would double the server's watches). Reconnects with a growing
// delay. Created once by bootstrap: all the state lives in the object, none in the module.
import type { EventsSource } from "../../ports/eventsSource.ts";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import { markSeen, readSeenAt } from "./eventsNotifications.ts";
import { mergeEvents, toClusterEvent, type ClusterEvent } from "./clusterEvents.ts";

export interface ClusterEventsState {
  events: ClusterEvent[];
  connected: boolean;
}

export interface EventsSubscriber {
  onState: () => void;
  onEvents?: (events: ClusterEvent[]) => void;
  /**
   * A passive subscriber (the header's notifications) never opens the stream: only the services
   * pages do, so a datalab without a cluster gets no failing request from every page. Once the
   * stream is connected, passive subscribers keep it open across pages.
   */
  passive?: boolean;
}

export interface EventsUseCase {
  /** The stream follows the selected project: a subscriber of another project restarts it. */
  subscribe(projectId: string | undefined, subscriber: EventsSubscriber): () => void;
  snapshot(): ClusterEventsState;
  /** When the user last opened the events list of this project (0: never). */
  seenAt(projectId: string): number;
  /** The list was opened now: returns the new "seen" time. */
  markSeen(projectId: string, events: readonly ClusterEvent[], now: number): number;
}

/** The delay before the n-th reconnection: 2 s, 4 s… capped at 30 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

const idle: ClusterEventsState = { events: [], connected: false };

export function createEventsUseCase(deps: {
  source: EventsSource;
  /** localStorage: the "last seen" time per project. */
  storage: KeyValueStorage;
}): EventsUseCase {
  let state: ClusterEventsState = idle;
  let project: string | undefined;
  let stop: (() => void) | undefined;
  const subscribers = new Set<EventsSubscriber>();

  const setState = (next: ClusterEventsState) => {
    state = next;
    for (const s of subscribers) s.onState();
  };

  function start(): () => void {
    const controller = new AbortController();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      try {
        await deps.source.connect({
          signal: controller.signal,
          onOpen: () => {
            attempt = 0;
            setState({ ...state, connected: true });
          },
          onMessages: (messages) => {
            const events = messages
              .map(toClusterEvent)
              .filter((e): e is ClusterEvent => e !== undefined);
            if (events.length === 0) return;
            setState({ connected: true, events: mergeEvents(state.events, events) });
            for (const s of subscribers) s.onEvents?.(events);
          },
        });
      } catch {
        /* reconnects below, unless stopped */
      }
      if (controller.signal.aborted) return;
      setState({ ...state, connected: false });
      attempt += 1;
      timer = setTimeout(() => void connect(), reconnectDelay(attempt));
    };
    void connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }

  function close(): void {
    stop?.();
    stop = undefined;
    setState(idle);
  }

  return {
    subscribe(projectId, subscriber) {
      if (project !== projectId) {
        close();
        project = projectId;
      }
      subscribers.add(subscriber);
      if (!subscriber.passive) stop ??= start();
      return () => {
        subscribers.delete(subscriber);
        const active = [...subscribers].some((s) => !s.passive);
        const heldByPassive = subscribers.size > 0 && state.connected;
        if (!active && !heldByPassive) close();
      };
    },
    snapshot: () => state,
    seenAt: (projectId) => readSeenAt(deps.storage, projectId),
    markSeen: (projectId, events, now) => markSeen(deps.storage, projectId, events, now),
  };
}
