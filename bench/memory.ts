// Memory benchmark, both shared catalogs, multipleServicesMode `latest` then `all`:
//
// 1. The server's steps, in a fresh process per mode, after full GCs: RSS and heap after start,
//    after loading both catalogs, with 200 and with 2,000 releases in the namespace watch caches,
//    the peak RSS while serving the 200-release listing and the catalogs under load, and the bytes
//    each release costs. Releases are fake Helm release Secrets of the vscode-lite example chart
//    (lib/fake-releases.ts), 10 per namespace (one user each), fed through a fake KubeClient: the
//    caches, the decoding and the listing are the real ones, the apiserver is not. This process is
//    bundled as production is (scripts/build-server.mjs) and runs with `npm run serve`'s flags.
// 2. The production server itself (the bundle, as `npm run serve` starts it, with Node's
//    defaults, and in each BENCH_VARIANTS variant), all started at once: RSS idle after both
//    catalogs loaded and one catalogs request, as `ps` shows it (no forced GC), split into
//    anonymous memory and mapped files (the node binary); then GET /api/my-lab/catalogs under
//    load, the variants taking turns BENCH_ROUNDS times (median p95): what a setting costs in
//    latency, measured beside what it saves.
//
// Run: node --import tsx bench/memory.ts   (no stack needed)
// Env: BENCH_MODES (latest,all), BENCH_PARTS (steps,production), BENCH_DURATION seconds of load
//      (5), BENCH_CONNECTIONS (10), BENCH_IDLE_MS idle time before the production figures
//      (30000), BENCH_ROUNDS (3), BENCH_VARIANTS (see below), BENCH_BASELINE_BUNDLE (another
//      build's dist/main.js, run as `npm run serve` runs: before/after in one run),
//      BENCH_BASELINE_ARGS (Node options added to the baseline's only),
//      BENCH_HEAPSNAPSHOT_DIR=dir writes a heap snapshot at each step of part 1.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { httpLoadTest } from "./lib/http-load.ts";
import { loadTest } from "./lib/load-test.ts";
import type { MemoryFigures, MemoryRequest } from "./lib/memory-process.ts";
import { serveFlags, startProduction } from "./lib/production-server.ts";
import { serveSharedCatalogs } from "./lib/shared-catalogs.ts";

const modes = (process.env["BENCH_MODES"] ?? "latest,all").split(",");
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const idleMs = Number(process.env["BENCH_IDLE_MS"] ?? 30_000);
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 3);
const parts = (process.env["BENCH_PARTS"] ?? "steps,production").split(",");
const root = fileURLToPath(new URL("..", import.meta.url));
const MiB = (n: number) => (n / 1024 / 1024).toFixed(1);

const outdir = mkdtempSync(path.join(tmpdir(), "onyxia-bench-memory-"));
const build = (entry: string, dir: string) =>
  execFileSync(
    process.execPath,
    ["scripts/build-server.mjs", "--entry", entry, "--outdir", path.join(outdir, dir)],
    { cwd: root, stdio: "inherit" },
  );
build("packages/server/src/main.ts", "server");
build("bench/lib/memory-process.ts", "steps");
const catalogs = await serveSharedCatalogs();
const serve = serveFlags();
// The production variants compared in part 2: Node's defaults, `npm run serve` as it is, and
// `npm run serve` with each BENCH_VARIANTS entry (";"-separated): Node options and environment
// assignments added or replaced ("--lite-mode MALLOC_MMAP_THRESHOLD_=16384"), or removed (an
// entry starting with "-no:", e.g. "-no:--max-semi-space-size=2").
type Variant = { nodeArgs: string[]; env: Record<string, string>; entry?: string };
function variantOf(entry: string): [string, Variant] {
  const removing = entry.startsWith("-no:");
  const words = (removing ? entry.slice(4) : entry).split(" ").filter(Boolean);
  const isEnv = (w: string) => /^[A-Z_][A-Z0-9_]*=/.test(w);
  const flag = (w: string) => w.split("=")[0];
  const env = { ...serve.env };
  for (const w of words.filter(isEnv)) {
    const [key = "", ...value] = w.split("=");
    if (removing) delete env[key];
    else env[key] = value.join("=");
  }
  const args = words.filter((w) => !isEnv(w));
  const nodeArgs = [
    ...serve.nodeArgs.filter((a) => !args.some((w) => flag(w) === flag(a))),
    ...(removing ? [] : args),
  ];
  return [`npm run serve ${removing ? "without" : "+"} ${words.join(" ")}`, { nodeArgs, env }];
}
// Node options added for the baseline bundle only (its own `npm run serve` had other flags).
const baselineArgs = (process.env["BENCH_BASELINE_ARGS"] ?? "").split(" ").filter(Boolean);
const variants: [string, Variant][] = [
  ["node --enable-source-maps", { nodeArgs: ["--enable-source-maps"], env: {} }],
  ["npm run serve", serve],
  // Another build of the server (BENCH_BASELINE_BUNDLE=dist/main.js of a checkout before a change),
  // started the same way: before/after in one run.
  ...(process.env["BENCH_BASELINE_BUNDLE"]
    ? [
        [
          `npm run serve, baseline bundle${baselineArgs.length ? ` + ${baselineArgs.join(" ")}` : ""}`,
          {
            ...serve,
            nodeArgs: [...serve.nodeArgs, ...baselineArgs],
            entry: process.env["BENCH_BASELINE_BUNDLE"],
          },
        ] as [string, Variant],
      ]
    : []),
  ...(process.env["BENCH_VARIANTS"] ?? "").split(";").filter(Boolean).map(variantOf),
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

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
    "anon MiB": MiB(f.rssAnon),
    "files MiB": MiB(f.rssFile),
    "heap used MiB": MiB(f.heapUsed),
    "heap total MiB": MiB(f.heapTotal),
    "external MiB": MiB(f.external),
    "code MiB": MiB(f.code),
    ...extra,
  });
const perRelease: string[] = [];
const loadBefore = loadavg()[0] ?? NaN;

try {
  for (const mode of modes) {
    if (parts.includes("steps")) {
      const child = fork(path.join(outdir, "steps/main.js"), {
        execArgv: [...serve.nodeArgs, "--expose-gc"],
        env: {
          ...process.env,
          ...serve.env,
          ONYXIA_TS_HOME: root,
          BENCH_MODE: mode,
          BENCH_REPOS: JSON.stringify(catalogs.repos),
        },
      });
      try {
        const start = await ask<{ url: string; figures: MemoryFigures }>(child, null);
        row(`${mode}: after start`, start.figures);
        const loaded = await ask<{
          loadMs: number;
          loaderPeakRss: number;
          figures: MemoryFigures;
        }>(child, { step: "catalogs" });
        row(`${mode}: both catalogs loaded`, loaded.figures, {
          note:
            `load ${loaded.loadMs.toFixed(0)} ms` +
            (loaded.loaderPeakRss > 0
              ? `; the loader process's peak RSS ${MiB(loaded.loaderPeakRss)} MiB`
              : ""),
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
        const options = { durationSeconds, connections, headers };
        const listing = await loadTest("services", `${start.url}/api/my-lab/services`, options);
        const catalogLoad = await loadTest("catalogs", `${start.url}/api/my-lab/catalogs`, options);
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
        const per = (key: "heapUsed" | "rss" | "external") =>
          ((r2000.figures[key] - r200.figures[key]) / 1800).toFixed(0);
        perRelease.push(
          `${mode}: per release (200 → 2,000): heap ${per("heapUsed")} B, RSS ${per("rss")} B, ` +
            `external ${per("external")} B (a Secret is ${(r2000.secretBytes / 2000).toFixed(0)} B of JSON)`,
        );
        child.send({ step: "stop" } satisfies MemoryRequest);
      } catch (error) {
        child.kill();
        throw error;
      }
    }
    if (!parts.includes("production")) continue;
    // The production server, idle, in each variant, all started at once (same conditions), then
    // the catalogs route under load, the variants taking turns (BENCH_ROUNDS), so a machine
    // whose load moves between turns moves every variant alike.
    const servers = await Promise.all(
      variants.map(([, { entry, ...flags }]) =>
        startProduction(entry ?? path.join(outdir, "server/main.js"), {
          mode,
          repos: catalogs.repos,
          ...flags,
        }),
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const idle = await Promise.all(servers.map((server) => server.memory()));
      const p95s: number[][] = servers.map(() => []);
      const rates: number[][] = servers.map(() => []);
      for (let round = 0; round < rounds; round++)
        for (const [i, server] of servers.entries()) {
          const url = `${server.url}/api/my-lab/catalogs`;
          const options = { connections, headers: { "accept-encoding": "gzip" } };
          await httpLoadTest("warm-up", url, { ...options, durationSeconds: 1 });
          const r = await httpLoadTest("catalogs", url, { ...options, durationSeconds });
          p95s[i]?.push(r.p95);
          rates[i]?.push(r.reqPerSec);
        }
      const after = await Promise.all(servers.map((server) => server.memory()));
      for (const [i, [variant]] of variants.entries()) {
        const server = servers[i] as (typeof servers)[number];
        row(`${mode}: production idle, ${variant}`, idle[i] as MemoryFigures, {
          note:
            `ready in ${server.readyMs.toFixed(0)} ms; catalogs p95 ${median(p95s[i] ?? []).toFixed(2)} ms ` +
            `(${median(rates[i] ?? []).toFixed(0)}/s, median of ${rounds}), ` +
            `then RSS ${MiB((after[i] as MemoryFigures).rss)} MiB`,
        });
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }
} finally {
  await catalogs.close();
  rmSync(outdir, { recursive: true, force: true });
}

console.log(
  `\nServer memory (production bundle; steps with ${serve.describe}), load average ` +
    `${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`,
);
console.table(rows);
for (const line of perRelease) console.log(line);
const idle = Object.entries(rows).filter(([name]) => name.endsWith("npm run serve"));
const ok = idle.length > 0 && idle.every(([, r]) => Number(r["RSS MiB"]) <= 100);
console.log(
  `Target idle RSS ≤ 100 MiB with both catalogs (npm run serve, ${idle.map(([n]) => n.split(":")[0]).join(" and ")}): ${ok ? "MET" : "NOT MET"}`,
);
