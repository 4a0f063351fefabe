// Watches at scale against the stack's real apiserver (issue 11 item 1, issue 16 item 5): 300
// namespaces listed at once, each watched by its namespace cache (7 watches: 2,100 streams),
// multiplexed over a few HTTP/2 sessions. Every listing is right, and up to date after a change;
// the TCP connections this process holds to the apiserver are counted from /proc and must be far
// below one per watch. Then the same namespaces through a client whose stream budget holds only a
// few namespaces: the others are served by plain lists, right and up to date too.
// @stack-components kwok
import { resolveConfig, type Service } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTS } from "../../../stack/lib/ports.ts";
import { connectionsTo } from "../../../stack/lib/testing/connections.ts";
import { kube, uniqueName } from "../../../stack/lib/testing/kube.ts";
import { pollUntil } from "../../../stack/lib/time.ts";
import { helmSecret, release } from "../../core/test/releases/fixtures.ts";
import { buildApp } from "../src/app.ts";
import {
  createKubeClient,
  loadKubeconfigFiles,
  WATCHES_PER_NAMESPACE,
  type KubeClient,
} from "../src/kubernetes/index.ts";
import { noAuthUser } from "../src/user/index.ts";

const NAMESPACES = 300;
const admin = kube();
const prefix = `${uniqueName("wscale")}-`;
const users = Array.from({ length: NAMESPACES }, (_, i) => `u${String(i).padStart(3, "0")}`);
const namespaceOf = (user: string) => `${prefix}${user}`;
const releaseName = (user: string, n: number) => `vscode-lite-${user.slice(1)}${n}00`;

/** `work` over `items`, `concurrency` at a time. */
async function eachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A Helm release Secret as helm writes it (no resourceVersion: it is created). */
function releaseSecret(user: string, n: number) {
  const secret = helmSecret(release({ name: releaseName(user, n), namespace: namespaceOf(user) }));
  delete secret.metadata?.resourceVersion;
  return secret;
}

async function appWith(client?: KubeClient): Promise<FastifyInstance> {
  const config = resolveConfig({
    file: {
      name: "stack",
      data: {
        catalogs: [],
        regions: [{ id: "stack", services: { singleNamespace: false, namespacePrefix: prefix } }],
        security: { rateLimit: { max: 0 } },
      },
    },
  }).config;
  return buildApp({
    config,
    webDistDirectory: null,
    users: {
      resolve: async (request) => ({
        ...noAuthUser(request.ip),
        idep: String(request.headers["x-test-user"]),
      }),
    },
    platform: {
      // Every namespace stays watched while the budget allows (the default keeps 500).
      ...(client ? { clients: { stack: client } } : {}),
    },
  });
}

async function listing(app: FastifyInstance, user: string): Promise<string[]> {
  const response = await app.inject({
    url: "/api/my-lab/services",
    headers: { "x-test-user": user },
  });
  if (response.statusCode !== 200)
    throw new Error(`listing of ${user}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return (response.json() as { apps: Service[] }).apps.map((s) => s.id).sort();
}

/** Every user's listing, polled until each is `expected(user)`; the users that never got there. */
async function untilEveryListing(
  app: FastifyInstance,
  expected: (user: string) => string[],
): Promise<string[]> {
  const pending = new Set(users);
  await pollUntil(
    async () => {
      await eachLimited([...pending], 20, async (user) => {
        if (JSON.stringify(await listing(app, user)) === JSON.stringify(expected(user)))
          pending.delete(user);
      });
      return pending.size === 0;
    },
    120_000,
    500,
  );
  return [...pending];
}

let app: FastifyInstance | undefined;

beforeAll(async () => {
  await eachLimited(users, 20, async (user) => {
    await admin.create("/api/v1/namespaces", { metadata: { name: namespaceOf(user) } });
    await admin.create(`/api/v1/namespaces/${namespaceOf(user)}/secrets`, releaseSecret(user, 1));
  });
}, 600_000);

afterAll(async () => {
  await app?.close();
  await eachLimited(users, 20, (user) => admin.remove(`/api/v1/namespaces/${namespaceOf(user)}`));
}, 600_000);

describe(`${NAMESPACES} namespaces watched at once`, () => {
  it("lists every one right over a few HTTP/2 connections, and up to date after a change", async () => {
    app = await appWith();
    const region = await app.onyxia.platform.region(app.onyxia.config.regions[0]!);
    const missing = await untilEveryListing(app, (u) => [releaseName(u, 1)]);
    expect(missing).toEqual([]);
    const watches = NAMESPACES * WATCHES_PER_NAMESPACE;
    await pollUntil(async () => (region.client.sockets?.().openStreams ?? 0) >= watches, 60_000);
    const sockets = region.client.sockets?.();
    const tcp = connectionsTo(PORTS.kubeApiserver);
    console.log(
      `${NAMESPACES} namespaces, ${sockets?.openStreams} watches open on ${sockets?.sessions} HTTP/2 sessions; ` +
        `TCP connections of this process to the apiserver: ${tcp} (calls ${sockets?.calls}, streams ${sockets?.streams})`,
    );
    expect(region.caches.stats()).toMatchObject({ namespaces: NAMESPACES, listOnly: 0 });
    expect(sockets?.openStreams).toBeGreaterThanOrEqual(watches);
    expect(sockets?.sessions).toBeLessThanOrEqual(Math.ceil(watches / 90) + 2);
    expect(tcp).toBeLessThan(watches / 10);

    // A change in every namespace: a second release, seen through the watches.
    await eachLimited(users, 20, (user) =>
      admin.create(`/api/v1/namespaces/${namespaceOf(user)}/secrets`, releaseSecret(user, 2)),
    );
    expect(
      await untilEveryListing(app, (u) => [releaseName(u, 1), releaseName(u, 2)].sort()),
    ).toEqual([]);
    await app.close();
    app = undefined;
  });

  it("serves the namespaces beyond a small stream budget by lists, right and up to date", async () => {
    const client = await createKubeClient(
      loadKubeconfigFiles([String(process.env["KUBECONFIG"])]),
      { maxStreamSessions: 2 },
    );
    app = await appWith(client);
    const region = await app.onyxia.platform.region(app.onyxia.config.regions[0]!);
    const both = (u: string) => [releaseName(u, 1), releaseName(u, 2)].sort();
    expect(await untilEveryListing(app, both)).toEqual([]);
    const stats = region.caches.stats();
    console.log(
      `2 HTTP/2 sessions at most: ${stats.namespaces} namespaces watched, ${stats.listOnly} served by lists; ` +
        `${client.sockets?.().openStreams} streams on ${client.sockets?.().sessions} sessions`,
    );
    expect(stats.namespaces).toBeGreaterThan(0);
    expect(stats.listOnly).toBe(NAMESPACES - stats.namespaces);
    expect(client.sockets?.().waitingStreams).toBe(0); // nobody waits for a stream

    // A change: the first release deleted everywhere, seen at once by the list-only ones.
    await eachLimited(users, 20, (user) =>
      admin.remove(
        `/api/v1/namespaces/${namespaceOf(user)}/secrets/sh.helm.release.v1.${releaseName(user, 1)}.v1`,
      ),
    );
    expect(await untilEveryListing(app, (u) => [releaseName(u, 2)])).toEqual([]);
  });
});
