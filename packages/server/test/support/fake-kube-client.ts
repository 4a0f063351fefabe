// A raw KubeClient (kubernetes/client.ts) over the fake Kubernetes port's objects, for the parts
// that list and watch (namespace caches, the shared event watches): lists answer what the port
// holds (selectors applied), watches stay open until aborted and can be fed events. Counts open
// watches per path, and a gate can hold the lists (a slow API server).
import type {
  KubeClient,
  KubeList,
  Query,
  WatchEvent,
  WatchHandle,
} from "../../src/kubernetes/index.ts";
import type { FakeKubernetes } from "./fake-kubernetes.ts";

export interface FakeKubeClient extends KubeClient {
  /** Open watches by path (a field selector is appended: `…/events?type=Warning`). */
  readonly watches: Map<string, number>;
  /** Lists started so far by path. */
  readonly lists: Map<string, number>;
  /** Sends `event` to every open watch of `path`. */
  emit(path: string, event: WatchEvent<unknown>): void;
  /** While set, lists of paths matching `gatePath` (all by default) wait for it. */
  gate: Promise<void> | undefined;
  gatePath: RegExp;
  /** The answer to access reviews (impersonate mode's read check). Default true. */
  allowReads: boolean;
  /** Extra objects served at a path (Events, which the port does not hold). */
  served: Map<string, unknown[]>;
}

const keyOf = (path: string, query: Query) =>
  typeof query.fieldSelector === "string" ? `${path}?${query.fieldSelector}` : path;

export function fakeKubeClient(kube: FakeKubernetes): FakeKubeClient {
  const listeners = new Map<string, Set<(e: WatchEvent<unknown>) => void>>();
  const bump = (map: Map<string, number>, path: string, by: number) =>
    map.set(path, (map.get(path) ?? 0) + by);
  const client: FakeKubeClient = {
    server: "https://fake.invalid",
    watches: new Map(),
    lists: new Map(),
    gate: undefined,
    gatePath: /./,
    allowReads: true,
    served: new Map(),
    emit(path, event) {
      for (const listener of listeners.get(path) ?? []) listener(event);
    },
    async getJson<T>(path: string): Promise<T> {
      return (await kube.get(path)) as T;
    },
    async list<T>(path: string, query: Query = {}): Promise<KubeList<T>> {
      bump(client.lists, keyOf(path, query), 1);
      if (client.gatePath.test(keyOf(path, query))) await client.gate;
      const selectors: Record<string, string> = {};
      for (const key of ["labelSelector", "fieldSelector"] as const)
        if (typeof query[key] === "string") selectors[key] = query[key];
      const items = client.served.get(path) ?? (await kube.list(path, selectors));
      return { items: items as T[], metadata: { resourceVersion: "1" } };
    },
    watch<T>(path: string, query: Query, onEvent: (e: WatchEvent<T>) => void): WatchHandle {
      const key = keyOf(path, query);
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set);
      const listener = onEvent as (e: WatchEvent<unknown>) => void;
      set.add(listener);
      bump(client.watches, key, 1);
      let end: (value: Error | null) => void = () => undefined;
      const done = new Promise<Error | null>((resolve) => (end = resolve));
      return {
        done,
        abort() {
          if (!set.delete(listener)) return;
          bump(client.watches, key, -1);
          end(null);
        },
      };
    },
    stream: () => Promise.reject(new Error("no log streams in the fake")),
    async post<T>(path: string): Promise<T> {
      if (!path.endsWith("/selfsubjectaccessreviews"))
        throw new Error(`no POST ${path} in the fake`);
      return {
        status: {
          allowed: client.allowReads,
          ...(client.allowReads ? {} : { reason: "no RoleBinding" }),
        },
      } as T;
    },
    send: () => Promise.reject(new Error("no sends in the fake")),
    sockets: () => ({ calls: 0, streams: 0 }),
    close: () => undefined,
  };
  return client;
}
