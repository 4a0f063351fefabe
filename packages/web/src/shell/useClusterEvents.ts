// The shared events stream (the events use case) as a hook: its state, plus a callback per new batch.
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import type { ClusterEvent } from "../core/usecases/events/clusterEvents.ts";
import type { ClusterEventsState } from "../core/usecases/events/eventsStore.ts";
import { useCore } from "./CoreProvider.tsx";
import { useSession } from "./SessionProvider.tsx";

export type { ClusterEventsState } from "../core/usecases/events/eventsStore.ts";

export function useClusterEvents(
  onEvents?: (events: ClusterEvent[]) => void,
  options: { passive?: boolean } = {},
): ClusterEventsState {
  const { events } = useCore();
  const passive = options.passive ?? false;
  const projectId = useSession().project?.id;
  const callback = useRef(onEvents);
  useEffect(() => {
    callback.current = onEvents;
  }, [onEvents]);
  const subscribe = useCallback(
    (onState: () => void) =>
      events.subscribe(projectId, {
        onState,
        onEvents: (batch) => callback.current?.(batch),
        passive,
      }),
    [events, projectId, passive],
  );
  return useSyncExternalStore(subscribe, events.snapshot);
}
