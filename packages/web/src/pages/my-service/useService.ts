// One service, refreshed when an event about it arrives (and every 3 s while it is in transition).
import type { Service } from "@onyxia-ts/core";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../api/endpoints.ts";
import { concernsRelease, type ClusterEvent } from "../../services/clusterEvents.ts";
import { isTransient } from "../../services/serviceDisplay.ts";
import { FALLBACK_POLL_MS, TRANSIENT_POLL_MS } from "../../services/useServices.ts";
import { useClusterEvents } from "../../services/useClusterEvents.ts";

export function useService(release: string) {
  const [service, setService] = useState<Service | undefined>();
  const [error, setError] = useState<unknown>();
  const refresh = useCallback(() => {
    api.service(release).then(
      (s) => {
        setService(s);
        setError(undefined);
      },
      (e: unknown) => setError(e),
    );
  }, [release]);
  const onEvents = useCallback(
    (events: ClusterEvent[]) => {
      if (events.some((e) => concernsRelease(e, release))) refresh();
    },
    [release, refresh],
  );
  const { events, connected } = useClusterEvents(onEvents);
  useEffect(() => {
    refresh();
  }, [refresh]);
  const period =
    service && isTransient(service) ? TRANSIENT_POLL_MS : connected ? undefined : FALLBACK_POLL_MS;
  useEffect(() => {
    if (period === undefined) return;
    const timer = setInterval(refresh, period);
    return () => clearInterval(timer);
  }, [period, refresh]);
  return {
    service,
    error,
    refresh,
    events: events.filter((e) => concernsRelease(e, release)),
    connected,
  };
}
