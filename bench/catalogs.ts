// Catalog benchmark: cold load of the real databases + automation catalogs over local HTTP, then
// warm latency of GET /api/my-lab/catalogs against baselines measured in the same run.
// Run: node --import tsx bench/catalogs.ts   (env BENCH_DURATION=seconds, BENCH_CONNECTIONS=n)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import type { ApiProcessReady } from "./lib/api-process.ts";
import { httpLoadTest } from "./lib/http-load.ts";
import { loadTest, type LoadResult } from "./lib/load-test.ts";
import { serveSharedCatalogs } from "./lib/shared-catalogs.ts";

const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);

// 1. The two real catalogs, served like a Helm repository (index.yaml + one archive per chart version).
const shared = await serveSharedCatalogs();
const repos = shared.repos;

// 2. The API in its own process: it measures cold loading, then listens.
const child = fork(fileURLToPath(new URL("./lib/api-process.ts", import.meta.url)), {
  execArgv: ["--import", "tsx"],
  env: { ...process.env, BENCH_REPOS: JSON.stringify(repos) },
});
const ready = await new Promise<ApiProcessReady>((resolve, reject) => {
  child.once("message", (m) => resolve(m as ApiProcessReady));
  child.once("exit", (code) =>
    reject(new Error(`the API process exited (${code}) before it was ready`)),
  );
});

// 3. Warm latency, one target at a time, each after a 1 s warm-up.
// Like a browser: every request says it accepts compressed responses (one run without, for scale).
const browser = { "accept-encoding": "gzip, deflate, br, zstd", accept: "application/json" };
const identity = { accept: "application/json" };
const targets: [string, string, Record<string, string>?][] = [
  ["baseline: tiny JSON route", `${ready.baselineUrl}/tiny`],
  ["baseline: same payload, raw route", `${ready.baselineUrl}/same-payload`],
  ["baseline: sendPrecomputed route", `${ready.baselineUrl}/precomputed`],
  ["GET /api/my-lab/catalogs", `${ready.apiUrl}/api/my-lab/catalogs`],
  ["GET /api/public/catalogs", `${ready.apiUrl}/api/public/catalogs`],
  ["GET /api/my-lab/catalogs, no gzip", `${ready.apiUrl}/api/my-lab/catalogs`, identity],
];
const results: LoadResult[] = [];
const loadBefore = loadavg()[0] ?? NaN;
for (const [name, url, headers = browser] of targets) {
  await loadTest(name, url, { durationSeconds: 1, connections, headers });
  results.push(await loadTest(name, url, { durationSeconds, connections, headers }));
}
// Again with a client that does not decode bodies (see lib/http-load.ts).
const binarySafe: [string, string][] = [
  ["node:http client: tiny JSON route", `${ready.baselineUrl}/tiny`],
  ["node:http client: GET /api/my-lab/catalogs", `${ready.apiUrl}/api/my-lab/catalogs`],
];
for (const [name, url] of binarySafe) {
  await httpLoadTest(name, url, { durationSeconds: 1, connections, headers: browser });
  results.push(await httpLoadTest(name, url, { durationSeconds, connections, headers: browser }));
}

child.send("stop");
await shared.close();

// 4. Report.
const ms = (x: number) => x.toFixed(2);
console.log("\nCold load (both catalogs, archives over local HTTP):");
console.table({
  "latest (Onyxia default)": {
    ms: Math.round(ready.coldLoadMs.latest),
    archives: ready.archives.latest,
  },
  "all versions": { ms: Math.round(ready.coldLoadMs.all), archives: ready.archives.all },
  "refresh, index unchanged (304)": { ms: Math.round(ready.warmRefreshMs), archives: 0 },
});
console.log(
  `charts: ${JSON.stringify(ready.charts)}; /catalogs body: ${ready.catalogsJsonBytes} bytes`,
);
console.log(
  `\nWarm latency, ${connections} connections, ${durationSeconds} s each (ms); ` +
    `${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`,
);
const tiny = results[0] as LoadResult;
console.table(
  Object.fromEntries(
    results.map((r) => [
      r.name,
      {
        "req/s": Math.round(r.reqPerSec),
        p50: ms(r.p50),
        p95: ms(r.p95),
        p99: ms(r.p99),
        "p95 / tiny": (r.p95 / tiny.p95).toFixed(1),
        "req/s / tiny": (r.reqPerSec / tiny.reqPerSec).toFixed(2),
        "bytes/response": r.bodyBytes,
        "non-2xx+errors": r.non2xx + r.errors,
      },
    ]),
  ),
);
const api = results.find((r) => r.name === "GET /api/my-lab/catalogs") as LoadResult;
const apiBinarySafe = results.find(
  (r) => r.name === "node:http client: GET /api/my-lab/catalogs",
) as LoadResult;
const ok = [api, apiBinarySafe].some((r) => r.p95 < 10 && r.non2xx + r.errors === 0);
console.log(
  `\nTarget warm p95 < 10 ms for /api/my-lab/catalogs: ${ok ? "MET" : "NOT MET"} ` +
    `(p95 ${ms(api.p95)} ms with autocannon, ${ms(apiBinarySafe.p95)} ms with the binary-safe client)`,
);
process.exitCode = ok ? 0 : 1;
