// One /my-lab/events connection for the whole page, shared by the header's notifications and the
// services pages (a second stream would double the server's watches). Read with fetch streaming:
// EventSource cannot send the bearer token and the project headers. Reconnects with a growing delay.
import { apiConfig, apiSession, buildHeaders } from "../api/client.ts";
import { logCommands, commandsOfAnswer } from "../api/commandLog.ts";
import {
  mergeEvents,
  splitSseMessages,
  toClusterEvent,
  type ClusterEvent,
} from "./clusterEvents.ts";

export interface ClusterEventsState {
  events: ClusterEvent[];
  connected: boolean;
}

type OnEvents = (events: ClusterEvent[]) => void;
interface Subscriber {
  onState: () => void;
  onEvents?: OnEvents;
  /**
   * A passive subscriber (the header's notifications) never opens the stream: only the services
   * pages do, so a datalab without a cluster gets no failing request from every page. Once the
   * stream is connected, passive subscribers keep it open across pages.
   */
  passive?: boolean;
}

const idle: ClusterEventsState = { events: [], connected: false };
let state: ClusterEventsState = idle;
let project: string | undefined;
let stop: (() => void) | undefined;
const subscribers = new Set<Subscriber>();

function setState(next: ClusterEventsState): void {
  state = next;
  for (const s of subscribers) s.onState();
}

function start(): () => void {
  const controller = new AbortController();
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    try {
      const response = await fetch(`${apiConfig.baseUrl}/my-lab/events`, {
        headers: { ...buildHeaders(apiSession), Accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      logCommands("GET /my-lab/events", commandsOfAnswer(response.headers, undefined));
      attempt = 0;
      setState({ ...state, connected: true });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { messages, rest } = splitSseMessages(buffer + value);
        buffer = rest;
        const events = messages
          .map(toClusterEvent)
          .filter((e): e is ClusterEvent => e !== undefined);
        if (events.length === 0) continue;
        setState({ connected: true, events: mergeEvents(state.events, events) });
        for (const s of subscribers) s.onEvents?.(events);
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    if (controller.signal.aborted) return;
    setState({ ...state, connected: false });
    attempt += 1;
    timer = setTimeout(() => void connect(), Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
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
  state = idle;
  for (const s of subscribers) s.onState();
}

/** The stream follows the selected project: a subscriber of another project restarts it. */
export function subscribeToEvents(
  projectId: string | undefined,
  subscriber: Subscriber,
): () => void {
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
}

export function eventsSnapshot(): ClusterEventsState {
  return state;
}
