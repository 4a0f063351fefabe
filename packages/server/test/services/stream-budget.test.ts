// The namespace caches within the client's stream budget (kubernetes/cluster.ts): a namespace the
// budget cannot watch is served by plain lists, right and up to date, said once in the log and
// counted; it gets its watches back once there is room. The Reflector's list-only mode.
import { afterEach, describe, expect, it } from "vitest";
import {
  ClusterCaches,
  Reflector,
  reservedStreams,
  WATCHES_PER_NAMESPACE,
  watchableNamespaces,
} from "../../src/kubernetes/index.ts";
import { fakeKubeClient, type FakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes, type FakeKubernetes } from "../support/fake-kubernetes.ts";

const pod = (namespace: string, name: string) => ({
  metadata: { name, namespace, labels: { "app.kubernetes.io/instance": name } },
});

/** A fake client holding at most `limit` streams: its open watches count against it. */
function budgetClient(kube: FakeKubernetes, limit: number): FakeKubeClient {
  const client = fakeKubeClient(kube);
  client.streamBudget = () => ({
    limit,
    open: [...client.watches.values()].reduce((n, count) => n + count, 0),
  });
  return client;
}

const openWatches = (client: FakeKubeClient) =>
  [...client.watches.values()].reduce((n, count) => n + count, 0);

let caches: ClusterCaches | undefined;
afterEach(() => caches?.close());

describe("the namespace caches within the stream budget", () => {
  it("computes how many namespaces a budget watches, keeping streams for events and logs", () => {
    expect(reservedStreams(1024)).toBe(103);
    expect(watchableNamespaces({ limit: 1024, open: 0 })).toBe(
      Math.floor((1024 - 103) / WATCHES_PER_NAMESPACE),
    );
    // 64 HTTP/2 sessions of 90 streams: the default maxNamespaces (500) fits.
    expect(watchableNamespaces({ limit: 64 * 90, open: 0 })).toBeGreaterThanOrEqual(500);
    expect(watchableNamespaces({ limit: 10, open: 0 })).toBe(0);
  });

  it("serves the namespaces beyond the budget by lists, right and up to date, and says so once", async () => {
    const kube = fakeKubernetes();
    const names = ["a", "b", "c", "d", "e", "f"].map((n) => `user-${n}`);
    for (const ns of names)
      kube.objects.set(`/apis/apps/v1/namespaces/${ns}/deployments/p1`, pod(ns, "p1"));
    // Room for 4 namespaces' watches (4 × 7 = 28, plus the reserve of 32).
    const client = budgetClient(kube, 64);
    const logged: string[] = [];
    caches = new ClusterCaches(client, { log: (m) => logged.push(m) });
    expect(logged.join("\n")).toMatch(/at most 4 of maxNamespaces 500 namespaces can be watched/);
    logged.length = 0;

    for (const ns of names) await caches.namespace(ns).ready(1000);
    const watching = names.filter((ns) => caches!.namespace(ns).watching);
    expect(watching).toEqual(["user-a", "user-b", "user-c", "user-d"]);
    expect(openWatches(client)).toBe(4 * WATCHES_PER_NAMESPACE);
    expect(caches.stats()).toMatchObject({ namespaces: 4, listOnly: 2 });
    expect(logged.filter((m) => /budget full/.test(m))).toHaveLength(1);
    expect(logged[0]).toMatch(/namespace user-e .*served by plain lists/);

    // Every namespace's listing is right, the list-only ones up to date after a change.
    for (const ns of names)
      expect([...caches.namespace(ns).deployments.objects.keys()]).toEqual(["p1"]);
    kube.objects.set("/apis/apps/v1/namespaces/user-e/deployments/p2", pod("user-e", "p2"));
    kube.objects.delete("/apis/apps/v1/namespaces/user-f/deployments/p1");
    const e = caches.namespace("user-e");
    const listsBefore = client.lists.get("/apis/apps/v1/namespaces/user-e/deployments") ?? 0;
    await e.ready(1000);
    expect([...e.deployments.objects.keys()].sort()).toEqual(["p1", "p2"]);
    expect(client.lists.get("/apis/apps/v1/namespaces/user-e/deployments")).toBe(listsBefore + 1);
    const f = caches.namespace("user-f");
    await f.ready(1000);
    expect(f.deployments.objects.size).toBe(0);
    expect(openWatches(client)).toBe(4 * WATCHES_PER_NAMESPACE); // no watch for them
  });

  it("watches a list-only namespace again once the budget has room", async () => {
    const kube = fakeKubernetes();
    const client = budgetClient(kube, 64);
    caches = new ClusterCaches(client, { idleMs: 1000 });
    const names = ["user-a", "user-b", "user-c", "user-d", "user-e"];
    for (const ns of names) await caches.namespace(ns).ready(1000);
    expect(caches.namespace("user-e").watching).toBe(false);
    // The others go idle and are evicted: user-e is watched at its next request.
    caches.evictIdle(Date.now() + 1500);
    expect(caches.watchedNamespaces).toEqual([]);
    const c = caches.namespace("user-e");
    expect(c.watching).toBe(true);
    await c.ready(1000);
    expect(openWatches(client)).toBe(WATCHES_PER_NAMESPACE);
    expect(caches.stats()).toMatchObject({ namespaces: 1, listOnly: 0 });
  });

  it("counts the watches of caches still listing: a burst of namespaces never over-commits", async () => {
    const kube = fakeKubernetes();
    const client = budgetClient(kube, 3 * 7 + 32);
    client.gate = new Promise(() => undefined); // first lists never end: no watch is open yet
    caches = new ClusterCaches(client);
    const started = Array.from({ length: 10 }, (_, i) => caches!.namespace(`user-${i}`));
    expect(started.filter((c) => c.watching)).toHaveLength(3);
  });

  it("has no limit with a client that has no budget (fakes)", () => {
    const client = fakeKubeClient(fakeKubernetes());
    caches = new ClusterCaches(client);
    for (let i = 0; i < 200; i++) caches.namespace(`user-${i}`);
    expect(caches.stats()).toMatchObject({ namespaces: 200, listOnly: 0 });
  });
});

describe("a Reflector without watch", () => {
  it("lists at each refresh; a caller arriving during a list gets the next one", async () => {
    const kube = fakeKubernetes();
    kube.objects.set("/api/v1/namespaces/n/pods/p1", pod("n", "p1"));
    const client = fakeKubeClient(kube);
    let release: () => void = () => undefined;
    client.gate = new Promise((resolve) => (release = resolve));
    const reflector = new Reflector({ client, path: "/api/v1/namespaces/n/pods", watch: false });
    expect(client.lists.size).toBe(0); // nothing before the first refresh
    const first = reflector.refresh();
    await Promise.resolve();
    // Changed while the first list runs: the second caller must see it.
    kube.objects.set("/api/v1/namespaces/n/pods/p2", pod("n", "p2"));
    const second = reflector.refresh();
    const third = reflector.refresh();
    expect(third).toBe(second);
    client.gate = undefined;
    release();
    await first;
    await second;
    expect([...reflector.objects.keys()].sort()).toEqual(["p1", "p2"]);
    expect(client.lists.get("/api/v1/namespaces/n/pods")).toBe(2);
    expect(client.watches.size).toBe(0);
  });
});
