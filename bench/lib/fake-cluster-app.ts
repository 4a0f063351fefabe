// The real app (buildApp) over a FakeCluster (lib/fake-releases.ts) for the memory and scale
// benches: users are told apart by a bench-only header (X-Bench-User), one namespace each
// (user-<name>), so a listing exercises the namespace caches without an OIDC provider.
import { Agent, request } from "node:http";
import type { FastifyRequest } from "fastify";
import { resolveConfig, type MultipleServicesMode } from "@onyxia-ts/core";
import { buildApp } from "../../packages/server/src/app.ts";
import type { LoaderProcessOptions } from "../../packages/server/src/catalogs/index.ts";
import { FakeCluster, releaseTemplate } from "./fake-releases.ts";

export const benchUser = async (request: FastifyRequest) => {
  const idep = String(request.headers["x-bench-user"] ?? "default");
  return { idep, email: "", nomComplet: idep, ip: "", groups: [], roles: [], attributes: {} };
};

export interface FakeClusterAppOptions {
  /** Catalog id → repository URL (none by default). */
  repos?: Record<string, string>;
  mode?: MultipleServicesMode;
  /** Namespaces kept watched (the server's default is 500). */
  maxNamespaces?: number;
  /** Load catalogs in a loader process, as main.ts does (the bundled memory bench). */
  catalogLoaderProcess?: LoaderProcessOptions;
}

export async function fakeClusterApp(options: FakeClusterAppOptions = {}) {
  const cluster = new FakeCluster(await releaseTemplate());
  const { config } = resolveConfig({
    file: {
      name: "bench",
      data: {
        catalogs: Object.entries(options.repos ?? {}).map(([id, location]) => ({
          id,
          location,
          multipleServicesMode: options.mode ?? "latest",
        })),
        regions: [{ id: "bench", services: { singleNamespace: false, namespacePrefix: "user-" } }],
        audit: { sink: "none" },
        security: { rateLimit: { max: 0 } },
      },
    },
  });
  const app = await buildApp({
    config,
    webDistDirectory: null,
    // Given, so a bundled build of a bench does not look for the repository's package.json.
    build: { version: "bench", timestamp: 0 },
    platform: {
      clients: { bench: cluster.client() },
      ...(options.maxNamespaces ? { maxNamespaces: options.maxNamespaces } : {}),
    },
    users: { resolve: benchUser },
    ...(options.catalogLoaderProcess ? { catalogLoaderProcess: options.catalogLoaderProcess } : {}),
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, cluster, url };
}

/** GET `url` as `user` over HTTP: status and body. */
function get(url: string, user: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { "x-bench-user": user } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Adds `perNamespace` releases for each of `users` new users and checks each one's listing, over
 * real HTTP: `app.inject` keeps about 64 kB of buffers per request alive for a while
 * (light-my-request's responses, seen in heap snapshots), which a bench would count as the
 * server's memory per release.
 */
export async function addUsersWithReleases(
  context: Awaited<ReturnType<typeof fakeClusterApp>>,
  first: number,
  users: number,
  perNamespace: number,
): Promise<number> {
  let secretBytes = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = first; i < first + users; i++) {
      const user = `u${String(i).padStart(5, "0")}`;
      secretBytes += context.cluster.addReleases(`user-${user}`, user, perNamespace);
      const reply = await get(`${context.url}/api/my-lab/services`, user, agent);
      const apps = (JSON.parse(reply.body) as { apps?: unknown[] }).apps?.length;
      if (reply.status !== 200 || apps !== perNamespace)
        throw new Error(
          `listing of ${user}: ${reply.status}, ${apps} apps: ${reply.body.slice(0, 300)}`,
        );
    }
  } finally {
    agent.destroy();
  }
  return secretBytes;
}
