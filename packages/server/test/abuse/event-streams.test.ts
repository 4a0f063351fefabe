// Issue 11, item 1 on fakes: any number of event streams of a namespace share ONE Kubernetes
// watch, a client that leaves before the first list answered releases everything, and streams
// are limited per user and in all with a clear 429. Item 3's part: events of services the caller
// may not see are filtered out by the listing's rule.
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { eventVisibilityOf } from "../../src/features/events/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm } from "../support/fake-helm.ts";
import { fakeKubeClient, type FakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";

const eventsPath = "/api/v1/namespaces/user-default/events";
const event = (name: string, object: string) => ({
  metadata: { name, resourceVersion: "2" },
  involvedObject: { kind: "Pod", name: object },
  type: "Normal",
  message: `about ${object}`,
});

let app: FastifyInstance;
let client: FakeKubeClient;
let base: string;

async function start(limits: { perUser?: number; max?: number } = {}) {
  const kube = fakeKubernetes();
  client = fakeKubeClient(kube);
  client.served.set(eventsPath, [event("e-1", "pod-1")]);
  app = await buildApp({
    config: lifecycleConfig({
      extra: { security: { "event-streams": { "per-user": 10_000, max: 10_000, ...limits } } },
    }),
    webDistDirectory: null,
    platform: {
      clients: { local: client },
      kubernetes: { local: kube },
      helm: fakeHelm(kube),
      eventWatchLingerMs: 0,
    },
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
}
afterEach(() => app.close());

/** Opens a stream; resolves with its status, and for a 200 a reader of its events. */
async function open(signal: AbortSignal) {
  const response = await fetch(`${base}/api/my-lab/events`, { signal });
  if (response.status !== 200)
    return { status: response.status, body: (await response.json()) as { detail: string } };
  const reader = response.body!.getReader();
  let buffer = "";
  const next = async (): Promise<{ message: string }> => {
    for (;;) {
      const cut = buffer.indexOf("\n\n");
      if (cut >= 0) {
        const part = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (part.startsWith("data:")) return JSON.parse(part.slice(5));
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += new TextDecoder().decode(value);
    }
  };
  return { status: 200, next };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe("event streams", () => {
  it("carry the security headers, though the route writes its answer itself", async () => {
    await start();
    const abort = new AbortController();
    const response = await fetch(`${base}/api/my-lab/events`, { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("content-security-policy")).toMatch(/object-src 'none'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-powered-by")).toBeNull();
    abort.abort();
  });

  it("fan 60 clients out of one watch, and the watch ends when they leave", async () => {
    await start();
    const aborts = Array.from({ length: 60 }, () => new AbortController());
    const streams = await Promise.all(aborts.map((a) => open(a.signal)));
    const firsts = await Promise.all(streams.map((s) => s.next!()));
    expect(firsts.every((e) => e.message === "about pod-1")).toBe(true);
    expect(client.watches.get(eventsPath)).toBe(1);
    expect(client.lists.get(eventsPath)).toBe(1);
    client.emit(eventsPath, { type: "ADDED", object: event("e-2", "pod-2") });
    const seconds = await Promise.all(streams.map((s) => s.next!()));
    expect(seconds.every((e) => e.message === "about pod-2")).toBe(true);
    for (const a of aborts) a.abort();
    expect(await until(() => client.watches.get(eventsPath) === 0)).toBe(true);
    expect(await until(() => app.onyxia.eventStreams.open === 0)).toBe(true);
  });

  it("releases everything when clients leave before the first list answered", async () => {
    await start();
    let openGate: () => void = () => undefined;
    client.gate = new Promise((resolve) => (openGate = resolve));
    client.gatePath = /\/events$/;
    const aborts = Array.from({ length: 30 }, () => new AbortController());
    const pending = aborts.map((a) => open(a.signal).catch(() => "aborted"));
    expect(await until(() => client.lists.get(eventsPath) === 1)).toBe(true);
    for (const a of aborts) a.abort();
    expect(await Promise.all(pending)).toEqual(aborts.map(() => "aborted"));
    expect(await until(() => app.onyxia.eventStreams.open === 0)).toBe(true);
    openGate();
    await new Promise((r) => setTimeout(r, 50));
    // The list came back to nobody: no watch was started, none is left running.
    expect(client.watches.get(eventsPath) ?? 0).toBe(0);
  });

  it("answers 429 beyond the per-user limit, and a slot frees when a stream closes", async () => {
    await start({ perUser: 3 });
    const aborts = Array.from({ length: 3 }, () => new AbortController());
    const held = await Promise.all(aborts.map((a) => open(a.signal)));
    expect(held.map((h) => h.status)).toEqual([200, 200, 200]);
    const refused = await open(new AbortController().signal);
    expect(refused.status).toBe(429);
    expect(refused.body?.detail).toMatch(/default already has 3 open \(at most 3 per user\)/);
    aborts[0]!.abort();
    expect(await until(() => app.onyxia.eventStreams.open === 2)).toBe(true);
    const extra = new AbortController();
    expect((await open(extra.signal)).status).toBe(200);
    for (const a of [...aborts, extra]) a.abort();
  });

  it("answers 429 beyond the server's limit", async () => {
    await start({ max: 2 });
    const aborts = [new AbortController(), new AbortController()];
    await Promise.all(aborts.map((a) => open(a.signal)));
    const refused = await open(new AbortController().signal);
    expect(refused.status).toBe(429);
    expect(refused.body?.detail).toMatch(/at most 2\)/);
    for (const a of aborts) a.abort();
  });
});

describe("event visibility in a group project", () => {
  it("hides events of another member's private service, shows shared ones and the namespace's", () => {
    const services = [
      { id: "private", owner: "alice", share: false, orphan: false },
      { id: "open", owner: "alice", share: true, orphan: false },
      { id: "open-2", owner: "alice", share: false, orphan: false },
    ];
    const pods: Record<string, string> = { "db-0": "private" };
    const instanceOf = (name: string) => pods[name];
    const bob = eventVisibilityOf(services, instanceOf, { idep: "bob", sharedNamespace: true });
    const alice = eventVisibilityOf(services, instanceOf, { idep: "alice", sharedNamespace: true });
    const about = (name: string) => ({ involvedObject: { kind: "Pod", name } });
    expect(bob(about("private-7d9f-abcde"))).toBe(false);
    expect(bob(about("private"))).toBe(false);
    expect(bob(about("db-0"))).toBe(false); // by its instance label
    expect(bob(about("open-5c7b-xyz"))).toBe(true);
    expect(bob(about("open-2-5c7b-xyz"))).toBe(false); // the longest release name wins
    expect(bob(about("projet-team"))).toBe(true);
    expect(alice(about("private-7d9f-abcde"))).toBe(true);
    const personal = eventVisibilityOf(services, instanceOf, {
      idep: "bob",
      sharedNamespace: false,
    });
    expect(personal(about("private"))).toBe(true);
  });
});
