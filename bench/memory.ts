// Memory benchmark: RSS and heap of the real server after start, after loading both shared
// catalogs (once with multipleServicesMode `latest`, once with `all`, each in a fresh process),
// with 200 and with 2,000 releases in the namespace watch caches, the peak RSS while serving the
// 200-release listing and the catalogs under load, and the bytes each release costs.
//
// Releases are fake Helm release Secrets of the vscode-lite example chart (lib/fake-releases.ts),
// 10 per namespace (one user each), fed through a fake KubeClient: the caches, the decoding and the
// listing are the real ones, the apiserver is not. Figures are taken after three full GCs.
//
// The server process runs with the tsx loader unless BENCH_SERVER_JS points at a compiled entry
// (the loader itself costs memory: the report says which one was used).
//
// Run: node --import tsx bench/memory.ts   (no stack needed)
// Env: BENCH_MODES (latest,all), BENCH_DURATION seconds of load (5), BENCH_CONNECTIONS (10),
//      BENCH_HEAPSNAPSHOT_DIR=dir writes a heap snapshot at each step.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import {
  rewriteSharedIndex,
  sharedArchiveHandler,
  sharedCatalog,
  startServer,
  type TestServer,
} from "../packages/server/test/catalogs/fixtures.ts";
import { loadTest } from "./lib/load-test.ts";
import type { MemoryFigures, MemoryRequest } from "./lib/memory-process.ts";

const modes = (process.env["BENCH_MODES"] ?? "latest,all").split(",");
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const serverEntry =
  process.env["BENCH_SERVER_JS"] ??
  fileURLToPath(new URL("./lib/memory-process.ts", import.meta.url));
const usesLoader = !process.env["BENCH_SERVER_JS"];
const MiB = (n: number) => (n / 1024 / 1024).toFixed(1);

const servers: TestServer[] = [];
const repos: Record<string, string> = {};
for (const id of ["databases", "automation"] as const) {
  const { index, archives } = await sharedCatalog(id);
  let base = "";
  const server = await startServer(
    sharedArchiveHandler(() => rewriteSharedIndex(index, base), archives),
  );
  base = `${server.url}/`;
  servers.push(server);
  repos[id] = server.url;
}

function ask<T>(child: ChildProcess, request: MemoryRequest | null): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the server process exited (${code})`));
    child.once("exit", onExit);
    child.once("message", (m) => {
      child.off("exit", onExit);
      resolve(m as T);
    });
    if (request) child.send(request);
  });
}

const rows: Record<string, Record<string, string | number>> = {};
const row = (name: string, f: MemoryFigures, extra: Record<string, string | number> = {}) =>
  (rows[name] = {
    "RSS MiB": MiB(f.rss),
    "heap used MiB": MiB(f.heapUsed),
    "heap total MiB": MiB(f.heapTotal),
    "external MiB": MiB(f.external),
    ...extra,
  });
const perRelease: string[] = [];
const loadBefore = loadavg()[0] ?? NaN;

for (const mode of modes) {
  const child = fork(serverEntry, {
    execArgv: [...(usesLoader ? ["--import", "tsx"] : []), "--expose-gc"],
    env: { ...process.env, BENCH_MODE: mode, BENCH_REPOS: JSON.stringify(repos) },
  });
  try {
    const start = await ask<{ url: string; figures: MemoryFigures }>(child, null);
    row(`${mode}: after start`, start.figures);
    const catalogs = await ask<{ loadMs: number; figures: MemoryFigures }>(child, {
      step: "catalogs",
    });
    row(`${mode}: both catalogs loaded`, catalogs.figures, {
      note: `load ${catalogs.loadMs.toFixed(0)} ms`,
    });

    const r200 = await ask<{ figures: MemoryFigures; secretBytes: number }>(child, {
      step: "releases",
      total: 200,
      perNamespace: 10,
    });
    row(`${mode}: 200 releases`, r200.figures, {
      note: `secrets ${MiB(r200.secretBytes)} MiB as JSON`,
    });
    await ask(child, { step: "sample-start" });
    const headers = { "x-bench-user": "u00000", "accept-encoding": "gzip" };
    const listing = await loadTest("services", `${start.url}/api/my-lab/services`, {
      durationSeconds,
      connections,
      headers,
    });
    const catalogLoad = await loadTest("catalogs", `${start.url}/api/my-lab/catalogs`, {
      durationSeconds,
      connections,
      headers,
    });
    const peak = await ask<{ peakRss: number }>(child, { step: "sample-stop" });
    rows[`${mode}: peak under load (200 releases)`] = {
      "RSS MiB": MiB(peak.peakRss),
      note: `services p95 ${listing.p95.toFixed(2)} ms (${listing.reqPerSec.toFixed(0)}/s), catalogs p95 ${catalogLoad.p95.toFixed(2)} ms (${catalogLoad.reqPerSec.toFixed(0)}/s)`,
    };
    const r2000 = await ask<{ figures: MemoryFigures; secretBytes: number }>(child, {
      step: "releases",
      total: 2000,
      perNamespace: 10,
    });
    row(`${mode}: 2,000 releases`, r2000.figures, {
      note: `secrets ${MiB(r2000.secretBytes)} MiB as JSON`,
    });
    const per = (a: number, b: number) => ((b - a) / 1800).toFixed(0);
    perRelease.push(
      `${mode}: per release (200 → 2,000): heap ${per(r200.figures.heapUsed, r2000.figures.heapUsed)} B, ` +
        `RSS ${per(r200.figures.rss, r2000.figures.rss)} B, external ${per(r200.figures.external, r2000.figures.external)} B ` +
        `(a Secret is ${(r2000.secretBytes / 2000).toFixed(0)} B of JSON)`,
    );
    child.send({ step: "stop" } satisfies MemoryRequest);
  } catch (error) {
    child.kill();
    throw error;
  }
}
await Promise.all(servers.map((s) => s.close()));

console.log(
  `\nServer memory (${usesLoader ? "TypeScript run through the tsx loader" : `compiled: ${serverEntry}`}), ` +
    `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`,
);
console.table(rows);
for (const line of perRelease) console.log(line);
