// The server side of the benchmark, in its own process so the load generator does not share its
// event loop: loads the catalogs (cold), then serves the real API app and two baselines.
import Fastify from "fastify";
import { resolveConfig, withCatalogDefaults, type MultipleServicesMode } from "@onyxia-ts/core";
import { buildApp } from "../../packages/server/src/app.ts";
import { createCatalogRuntime } from "../../packages/server/src/catalogs/index.ts";
import { sendPrecomputed } from "../../packages/server/src/http/send-precomputed.ts";

export interface ApiProcessReady {
  apiUrl: string;
  baselineUrl: string;
  coldLoadMs: Record<MultipleServicesMode, number>;
  archives: Record<MultipleServicesMode, number>;
  warmRefreshMs: number;
  charts: Record<string, number>;
  catalogsJsonBytes: number;
}

const repos = JSON.parse(process.env["BENCH_REPOS"] ?? "{}") as Record<string, string>;
const rawCatalogs = (mode: MultipleServicesMode) =>
  Object.entries(repos).map(([id, location]) => ({ id, location, multipleServicesMode: mode }));

async function coldLoad(mode: MultipleServicesMode) {
  const runtime = createCatalogRuntime(rawCatalogs(mode).map(withCatalogDefaults));
  const started = performance.now();
  await runtime.start();
  const ms = performance.now() - started;
  const failed = runtime.health().filter((h) => h.status !== "loaded");
  if (failed.length > 0) throw new Error(`cold load (${mode}) failed: ${JSON.stringify(failed)}`);
  const archives = runtime
    .list()
    .reduce(
      (n, s) => n + [...(s.content?.charts.values() ?? [])].reduce((m, v) => m + v.length, 0),
      0,
    );
  return { runtime, ms, archives };
}

// The "all" run comes first so that "latest" (Onyxia's default, served below) is measured second
// in the same warm process, like a restart would not be: both are reported.
const all = await coldLoad("all");
await all.runtime.stop();
const latest = await coldLoad("latest");
const refreshStarted = performance.now();
await latest.runtime.refresh();
const warmRefreshMs = performance.now() - refreshStarted;

const { config } = resolveConfig({ env: {}, defaultCatalogs: rawCatalogs("latest") });
const app = await buildApp({
  config,
  catalogs: latest.runtime,
  webDistDirectory: null,
  logger: false,
});
const apiAddress = await app.listen({ host: "127.0.0.1", port: 0 });

const catalogsText = latest.runtime.catalogsJsonText(null);
const baseline = Fastify({ logger: false });
baseline.get("/tiny", async () => ({ ok: true }));
// Same bytes as the catalogs response, sent raw: the floor for this payload size.
baseline.get("/same-payload", async (_req, reply) =>
  reply.type("application/json; charset=utf-8").send(catalogsText),
);
// The catalogs route as sendPrecomputed serves it (ETag, gzip when accepted), without the API's hooks.
baseline.get("/precomputed", async (request, reply) =>
  sendPrecomputed(request, reply, latest.runtime.catalogsBody(null)),
);
const baselineAddress = await baseline.listen({ host: "127.0.0.1", port: 0 });

const ready: ApiProcessReady = {
  apiUrl: apiAddress,
  baselineUrl: baselineAddress,
  coldLoadMs: { all: all.ms, latest: latest.ms, skipPatches: NaN, maxNumber: NaN },
  archives: { all: all.archives, latest: latest.archives, skipPatches: NaN, maxNumber: NaN },
  warmRefreshMs,
  charts: Object.fromEntries(
    latest.runtime.list().map((s) => [s.config.id, s.content?.charts.size ?? 0]),
  ),
  catalogsJsonBytes: Buffer.byteLength(catalogsText),
};
process.send?.(ready);
process.on("message", async (message) => {
  if (message === "stop") {
    await Promise.all([app.close(), baseline.close()]);
    process.exit(0);
  }
});
