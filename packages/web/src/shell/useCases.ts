// React bindings of the use cases that pages share: each creates or picks its store and
// subscribes to it. The logic is in src/core; these only connect it to a component's life.
import { useEffect, useMemo, useRef } from "react";
import { useCore, useStore } from "./CoreProvider.tsx";
import type { ApiProject } from "@onyxia-ts/core";
import { useSession } from "./SessionProvider.tsx";

/** The saved configurations of a project (Vault when the region has one, else this browser). */
export function useSavedConfigs(projectId: string) {
  const core = useCore();
  const store = useMemo(() => core.savedConfigs.forProject(projectId), [core, projectId]);
  const { configs, durable, notice, status } = useStore(store);
  return {
    configs,
    durable,
    notice,
    status,
    save: store.save,
    remove: store.remove,
    rename: store.rename,
    reload: store.load,
    clearNotice: store.clearNotice,
  };
}

/**
 * The project's service password, as the launcher puts it in `project.password`: from Vault's
 * `.onyxia/servicePassword` when the region has one (else this browser). Undefined while loading
 * or when it could not be read.
 */
export function useServicePassword(project: ApiProject | undefined): string | undefined {
  const { userSettings } = useCore();
  const { passwords } = useStore(userSettings);
  useEffect(() => {
    if (project) void userSettings.servicePassword(project).catch(() => undefined);
  }, [userSettings, project?.id]);
  return project ? passwords[project.id] : undefined;
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
    postpone: actions.postpone,
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
