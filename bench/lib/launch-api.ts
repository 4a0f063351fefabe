// The API process of the launch benches (launches.ts, launch-overhead.ts, killed-launch.ts): the
// example catalog, one region whose namespaces start with BENCH_PREFIX (created on first launch),
// an onyxia quota unless `quota` is false, no mutation rate limit (bursts of launches are the
// point), no audit.
import { resolveConfig } from "@onyxia-ts/core";
import { buildApp } from "../../packages/server/src/app.ts";
import type { LoaderProcessOptions } from "../../packages/server/src/catalogs/index.ts";
import { examplesRepo } from "../../packages/server/test/lifecycle/fixtures.ts";
import { reportUrl } from "./api-child.ts";
import { answerLoopProbes } from "./loop-delay.ts";

export async function launchApiProcess(options: {
  quota: boolean;
  /** Catalogs read in a loader process (the bundled entry, launch-api-main.ts). */
  catalogLoaderProcess?: LoaderProcessOptions;
}): Promise<void> {
  const quotas = options.quota
    ? {
        userEnabled: true,
        user: { "requests.memory": "1Ti", "requests.cpu": "1000", "count/pods": "500" },
      }
    : { userEnabled: false };
  const config = resolveConfig({
    file: {
      name: "bench",
      data: {
        catalogs: [{ id: "examples", location: examplesRepo }],
        regions: [
          {
            id: "bench",
            services: {
              singleNamespace: false,
              namespacePrefix: process.env["BENCH_PREFIX"],
              allowNamespaceCreation: true,
              // A domain: without one, every launch would also go through the post-renderer.
              expose: { domain: "bench.localhost" },
              quotas,
            },
          },
        ],
        security: { rateLimit: { max: 0 } },
        audit: { sink: "none" },
      },
    },
  }).config;
  const app = await buildApp({
    config,
    webDistDirectory: null,
    // Given, so a bundled build does not look for the repository's package.json.
    build: { version: "bench", timestamp: 0 },
    ...(options.catalogLoaderProcess ? { catalogLoaderProcess: options.catalogLoaderProcess } : {}),
  });
  await app.onyxia.catalogs.start();
  await app.listen({ port: 0, host: "127.0.0.1" });
  answerLoopProbes();
  // Exits through Node's exit hooks, so `--cpu-prof` (NODE_OPTIONS) writes its profile.
  process.once("SIGTERM", () => process.exit(0));
  reportUrl(app);
}
