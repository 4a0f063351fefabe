// The admin view's cluster-wide watches (kubernetes/cluster-index.ts) and the Reflector options
// they use: objects keyed namespace/name across namespaces, a relist that yields to other work.
import { describe, expect, it } from "vitest";
import {
  ClusterIndex,
  KubernetesUnavailableError,
  namespacedKey,
  Reflector,
} from "../../src/kubernetes/index.ts";
import { fakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";

const pod = (namespace: string, name: string) => ({ metadata: { name, namespace } });

describe("a watch across namespaces", () => {
  it("keeps same-named objects of two namespaces apart, and deletes the right one", async () => {
    const kube = fakeKubernetes();
    kube.objects.set("/api/v1/namespaces/a/pods/p", pod("a", "p"));
    kube.objects.set("/api/v1/namespaces/b/pods/p", pod("b", "p"));
    const client = fakeKubeClient(kube);
    const index = new ClusterIndex({ client });
    try {
      await index.ready(1000);
      expect([...index.pods.objects.keys()].sort()).toEqual(["a/p", "b/p"]);
      const before = index.generation;
      client.emit("/api/v1/pods?status.phase!=Succeeded,status.phase!=Failed", {
        type: "DELETED",
        object: pod("b", "p"),
      });
      expect([...index.pods.objects.keys()]).toEqual(["a/p"]);
      expect(index.generation).toBeGreaterThan(before);
    } finally {
      index.stop();
    }
  });

  it("answers 503 with what it is doing while the first lists are not in", async () => {
    const kube = fakeKubernetes();
    const client = fakeKubeClient(kube);
    client.gate = new Promise(() => undefined); // the API server never answers
    const index = new ClusterIndex({ client });
    try {
      const error = await index.ready(50).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubernetesUnavailableError);
      expect((error as Error).message).toMatch(/still reading every namespace's releases/);
    } finally {
      index.stop();
    }
  });
});

describe("a relist with yieldEveryMs", () => {
  it("lets other work run during a slow transform and swaps the objects in at the end", async () => {
    const kube = fakeKubernetes();
    for (let i = 0; i < 20; i++)
      kube.objects.set(`/api/v1/namespaces/n/pods/p${i}`, pod("n", `p${i}`));
    const client = fakeKubeClient(kube);
    const seenDuring: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    let reflector: Reflector<{ metadata?: { name?: string } }> | undefined = undefined;
    reflector = new Reflector<{ metadata?: { name?: string } }>({
      client,
      path: "/api/v1/pods",
      key: namespacedKey,
      yieldEveryMs: 2,
      transform: (o) => {
        busy(3);
        seenDuring.push(reflector?.objects.size ?? 0);
        return o;
      },
    });
    try {
      await reflector.whenSynced();
      expect(reflector.objects.size).toBe(20);
      // Nothing was visible half-done, and the timer ran between slices of the transform.
      expect(seenDuring.every((n) => n === 0)).toBe(true);
      expect(ticks).toBeGreaterThan(3);
    } finally {
      clearInterval(ticker);
      reflector.stop();
    }
  });
});
