// The React side of the application core: one Core (built by bootstrap in main.tsx) in a
// context, and useStore (useStoreSlice: one part of it) to read a use case's store with
// useSyncExternalStore.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { Core } from "../core/bootstrap.ts";
import type { Store } from "../core/store.ts";

const CoreContext = createContext<Core | undefined>(undefined);

export function CoreProvider({ core, children }: { core: Core; children: ReactNode }) {
  return <CoreContext.Provider value={core}>{children}</CoreContext.Provider>;
}

export function useCore(): Core {
  const core = useContext(CoreContext);
  if (!core) throw new Error("useCore must be used inside <CoreProvider>");
  return core;
}

export function useStore<S>(store: Store<S>): S {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/**
 * One part of a store's state (`select` picks a field: it must return the same value for the same
 * state): the component re-renders only when that part changes, not on every change of the store.
 */
export function useStoreSlice<S, T>(store: Store<S>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}

/** A feature built on demand from the core's dependencies (launcher, service editor), once. */
export function useFeature<F>(create: (deps: Core["featureDeps"]) => F): F {
  const core = useCore();
  return useMemo(() => create(core.featureDeps), [core, create]);
}
