// Start time and idle memory of the production bundle (as `npm run serve` starts
// packages/server/dist/main.js) against the TypeScript loader (`npm run dev`: node --import tsx
// packages/server/src/main.ts), in one run, serving the two real shared catalogs.
// Run: node --import tsx bench/startup.ts   (env BENCH_RUNS=n per variant, default 3;
// BENCH_IDLE_MS=ms to wait before reading RSS, default 3000; BENCH_MODE=latest|all, default latest;
// BENCH_BASELINE_BUNDLE=another build's dist/main.js, started as the bundle is: before/after a change)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveFlags, startProduction } from "./lib/production-server.ts";
import { serveSharedCatalogs } from "./lib/shared-catalogs.ts";

const runs = Number(process.env["BENCH_RUNS"] ?? 3);
const idleMs = Number(process.env["BENCH_IDLE_MS"] ?? 3000);
const mode = process.env["BENCH_MODE"] === "all" ? "all" : "latest";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// 1. The bundle, built fresh into a scratch folder (so a stale packages/server/dist can't lie).
const outdir = mkdtempSync(path.join(tmpdir(), "onyxia-bench-bundle-"));
const buildStarted = performance.now();
execFileSync(process.execPath, ["scripts/build-server.mjs", "--outdir", outdir], {
  cwd: repoRoot,
  stdio: "inherit",
});
const buildMs = performance.now() - buildStarted;

// 2. The two real catalogs over local HTTP.
const shared = await serveSharedCatalogs();

interface Sample {
  listeningMs: number;
  readyMs: number;
  rssMiB: number;
}

// The bundle as `npm run serve` starts it (its Node options and environment).
const serve = serveFlags();
const baselineBundle = process.env["BENCH_BASELINE_BUNDLE"];
const variants: Record<string, { entry: string; nodeArgs: string[]; env: Record<string, string> }> =
  {
    bundle: { entry: path.join(outdir, "main.js"), nodeArgs: serve.nodeArgs, env: serve.env },
    tsx: { entry: "packages/server/src/main.ts", nodeArgs: ["--import", "tsx"], env: {} },
    ...(baselineBundle
      ? { baseline: { entry: baselineBundle, nodeArgs: serve.nodeArgs, env: serve.env } }
      : {}),
  };
const names = Object.keys(variants);

async function sample(variant: { entry: string; nodeArgs: string[]; env: Record<string, string> }) {
  const server = await startProduction(variant.entry, { mode, repos: shared.repos, ...variant });
  try {
    await new Promise((r) => setTimeout(r, idleMs));
    const { rss } = await server.memory();
    return { listeningMs: server.listeningMs, readyMs: server.readyMs, rssMiB: rss / 1048576 };
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
const loadBefore = loadavg()[0]!;
try {
  // Alternate the variants so a change in the machine's load hits both alike.
  for (let i = 0; i < runs; i++) {
    for (const name of names) results[name]!.push(await sample(variants[name]!));
  }
} finally {
  await shared.close();
  rmSync(outdir, { recursive: true, force: true });
}

console.log(
  `\nstartup: ${runs} run(s) per variant, catalogs databases + automation (${mode}), ` +
    `RSS after ${idleMs} ms idle; bundle built in ${(buildMs / 1000).toFixed(1)} s; ` +
    `load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
console.table(
  Object.fromEntries(
    names.map((name) => [
      name,
      {
        "listening (ms, median)": Math.round(median(results[name]!.map((s) => s.listeningMs))),
        "catalogs ready (ms, median)": Math.round(median(results[name]!.map((s) => s.readyMs))),
        "idle RSS (MiB, median)": Math.round(median(results[name]!.map((s) => s.rssMiB))),
      },
    ]),
  ),
);
const ratio = (key: keyof Sample, other: string) =>
  (
    median(results["bundle"]!.map((s) => s[key])) / median(results[other]!.map((s) => s[key]))
  ).toFixed(2);
for (const other of names.filter((n) => n !== "bundle"))
  console.log(
    `bundle / ${other}: listening ${ratio("listeningMs", other)}, ready ${ratio("readyMs", other)}, RSS ${ratio("rssMiB", other)}`,
  );
