// React bindings of the use cases that pages share: each creates or picks its store and
// subscribes to it. The logic is in src/core; these only connect it to a component's life.
import { useEffect, useMemo, useRef } from "react";
import { useCore, useStore } from "./CoreProvider.tsx";
import { useSession } from "./SessionProvider.tsx";

/** The saved configurations of a project. */
export function useSavedConfigs(projectId: string) {
  const store = useCore().savedConfigs.forProject(projectId);
  const configs = useStore(store);
  return { configs, save: store.save, remove: store.remove, rename: store.rename };
}

/** Suspend, resume, delete, rename, share, with their pending state; `onDone` runs after each. */
export function useServiceActions(onDone: () => void) {
  const core = useCore();
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);
  const actions = useMemo(() => core.service.actions(() => done.current()), [core]);
  const { pending, error } = useStore(actions);
  return {
    pending,
    error,
    clearError: actions.clearError,
    suspend: actions.suspend,
    resume: actions.resume,
    remove: actions.remove,
    rename: actions.rename,
    share: actions.share,
  };
}

/** The project's services, kept fresh by the events stream. */
export function useServices() {
  const { services } = useCore();
  const projectId = useSession().project?.id;
  const watch = useMemo(() => services.list(projectId), [services, projectId]);
  const state = useStore(watch);
  return {
    services: state.data,
    error: state.error,
    refresh: watch.refresh,
    events: state.events,
    streamConnected: state.streamConnected,
  };
}

/** One service, refreshed when an event about it arrives. */
export function useService(release: string) {
  const { services } = useCore();
  const projectId = useSession().project?.id;
  const watch = useMemo(() => services.one(projectId, release), [services, projectId, release]);
  const state = useStore(watch);
  return {
    service: state.data,
    error: state.error,
    refresh: watch.refresh,
    events: state.events,
    connected: state.streamConnected,
  };
}
