// The real app (buildApp) over a FakeCluster (lib/fake-releases.ts) for the memory and scale
// benches: users are told apart by a bench-only header (X-Bench-User), one namespace each
// (user-<name>), so a listing exercises the namespace caches without an OIDC provider.
import { Agent, request } from "node:http";
import type { FastifyRequest } from "fastify";
import { resolveConfig, type MultipleServicesMode } from "@onyxia-ts/core";
import { buildApp } from "../../packages/server/src/app.ts";
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
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, cluster, url };
}

/** Adds `perNamespace` releases for each of `users` new users and checks each one's listing. */
export async function addUsersWithReleases(
  context: Awaited<ReturnType<typeof fakeClusterApp>>,
  first: number,
  users: number,
  perNamespace: number,
): Promise<number> {
  let secretBytes = 0;
  for (let i = first; i < first + users; i++) {
    const user = `u${String(i).padStart(5, "0")}`;
    secretBytes += context.cluster.addReleases(`user-${user}`, user, perNamespace);
    const reply = await context.app.inject({
      url: "/api/my-lab/services",
      headers: { "x-bench-user": user },
    });
    const apps = (reply.json() as { apps?: unknown[] }).apps?.length;
    if (reply.statusCode !== 200 || apps !== perNamespace)
      throw new Error(
        `listing of ${user}: ${reply.statusCode}, ${apps} apps: ${reply.body.slice(0, 300)}`,
      );
  }
  return secretBytes;
}
