// The shared events stream (eventsStream.ts) as a hook: its state, plus a callback per new batch.
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { useSession } from "../shell/SessionProvider.tsx";
import type { ClusterEvent } from "./clusterEvents.ts";
import { eventsSnapshot, subscribeToEvents, type ClusterEventsState } from "./eventsStream.ts";

export type { ClusterEventsState } from "./eventsStream.ts";

export function useClusterEvents(
  onEvents?: (events: ClusterEvent[]) => void,
  options: { passive?: boolean } = {},
): ClusterEventsState {
  const passive = options.passive ?? false;
  const projectId = useSession().project?.id;
  const callback = useRef(onEvents);
  useEffect(() => {
    callback.current = onEvents;
  }, [onEvents]);
  const subscribe = useCallback(
    (onState: () => void) =>
      subscribeToEvents(projectId, {
        onState,
        onEvents: (events) => callback.current?.(events),
        passive,
      }),
    [projectId, passive],
  );
  return useSyncExternalStore(subscribe, eventsSnapshot);
}
