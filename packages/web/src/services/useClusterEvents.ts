// Reads /my-lab/events with fetch streaming (EventSource cannot send the bearer token and the
// project headers). Reconnects with a growing delay; `connected` tells callers whether they can
// rely on it or must fall back to polling.
import { useEffect, useRef, useState } from "react";
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

export function useClusterEvents(onEvents?: (events: ClusterEvent[]) => void): ClusterEventsState {
  const [state, setState] = useState<ClusterEventsState>({ events: [], connected: false });
  const callback = useRef(onEvents);
  callback.current = onEvents;

  useEffect(() => {
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
        setState((s) => ({ ...s, connected: true }));
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
          if (events.length > 0) {
            setState((s) => ({ connected: true, events: mergeEvents(s.events, events) }));
            callback.current?.(events);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      if (controller.signal.aborted) return;
      setState((s) => ({ ...s, connected: false }));
      attempt += 1;
      timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
    };
    void connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);
  return state;
}
