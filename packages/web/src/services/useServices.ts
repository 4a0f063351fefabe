// The project's services, kept fresh by the events stream: a relevant event triggers a refetch.
// Pod readiness changes do not always produce an Event, so while a service is starting or
// suspending a moderate poll runs too; a slow poll only when the stream is down.
import type { Service } from "@onyxia-ts/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/endpoints.ts";
import type { ClusterEvent } from "./clusterEvents.ts";
import { isTransient, sortServices } from "./serviceDisplay.ts";
import { useClusterEvents } from "./useClusterEvents.ts";

export const TRANSIENT_POLL_MS = 3_000;
export const FALLBACK_POLL_MS = 15_000;
const EVENT_DEBOUNCE_MS = 300;

export interface ServicesState {
  services: Service[] | undefined;
  error: unknown;
  refresh: () => void;
  events: ClusterEvent[];
  streamConnected: boolean;
}

export function useServices(): ServicesState {
  const [services, setServices] = useState<Service[] | undefined>();
  const [error, setError] = useState<unknown>();
  const inFlight = useRef(false);
  const again = useRef(false);
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(() => {
    // One request at a time; a refresh asked meanwhile runs right after (no lost update).
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    api
      .services()
      .then(
        (answer) => {
          setServices(sortServices(answer.apps ?? []));
          setError(undefined);
        },
        (e: unknown) => setError(e),
      )
      .finally(() => {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          refresh();
        }
      });
  }, []);

  const onEvents = useCallback(() => {
    clearTimeout(debounce.current);
    debounce.current = setTimeout(refresh, EVENT_DEBOUNCE_MS);
  }, [refresh]);
  const { events, connected } = useClusterEvents(onEvents);

  useEffect(() => {
    refresh();
    return () => clearTimeout(debounce.current);
  }, [refresh]);

  const transient = services?.some(isTransient) ?? false;
  const period = transient ? TRANSIENT_POLL_MS : connected ? undefined : FALLBACK_POLL_MS;
  useEffect(() => {
    if (period === undefined) return;
    const timer = setInterval(refresh, period);
    return () => clearInterval(timer);
  }, [period, refresh]);

  return { services, error, refresh, events, streamConnected: connected };
}
