// Namespace caches start on first use, report an unreachable cluster, and are evicted when idle.
import { createServer } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import {
  ClusterCaches,
  createKubeClient,
  KubernetesUnavailableError,
} from "../../src/kubernetes/index.ts";

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return `https://127.0.0.1:${port}`;
}

async function caches(
  options: ConstructorParameters<typeof ClusterCaches>[1] = {},
): Promise<ClusterCaches> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: await closedPortUrl() }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return new ClusterCaches(await createKubeClient(kc), options);
}

let open: ClusterCaches | undefined;
afterEach(() => open?.close());

describe("ClusterCaches", () => {
  it("starts one cache per namespace, lazily, and reuses it", async () => {
    open = await caches();
    expect(open.watchedNamespaces).toEqual([]);
    const a = open.namespace("ns-a");
    expect(open.namespace("ns-a")).toBe(a);
    expect(open.watchedNamespaces).toEqual(["ns-a"]);
  });

  it("rejects readiness with KubernetesUnavailableError naming the server when it is unreachable", async () => {
    open = await caches();
    const error = await open
      .namespace("ns-a")
      .ready(5_000)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubernetesUnavailableError);
    expect((error as Error).message).toMatch(/https:\/\/127\.0\.0\.1:\d+ is unreachable/);
  });

  it("evicts namespaces idle for longer than idleMs, and the least recently used beyond maxNamespaces", async () => {
    open = await caches({ idleMs: 1_000, maxNamespaces: 2 });
    open.namespace("a");
    open.namespace("b");
    open.namespace("c"); // over the limit: "a" (least recently used) goes
    expect(open.watchedNamespaces.sort()).toEqual(["b", "c"]);
    open.evictIdle(Date.now() + 1_000);
    expect(open.watchedNamespaces).toEqual([]);
  });
});
