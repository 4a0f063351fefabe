// The one state container of the use cases: a value, replaced (never mutated) on change, and its
// listeners. React reads it with useSyncExternalStore (shell/CoreProvider.tsx's useStore); tests call get().
export interface Store<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

export interface State<S> extends Store<S> {
  get(): S;
  set(next: S | ((current: S) => S)): void;
}

export function createState<S>(initial: S): State<S> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    getSnapshot: () => value,
    set(next) {
      const updated = typeof next === "function" ? (next as (current: S) => S)(value) : next;
      if (Object.is(updated, value)) return;
      value = updated;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
