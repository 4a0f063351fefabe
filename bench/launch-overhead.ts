// Launch overhead: the same chart (vscode-lite) with the same values, through our API
// (PUT /api/my-lab/app, quota check on: the namespace has an onyxia-quota) and through a plain
// `helm install` (into a namespace with the same ResourceQuota), one at a time and 50 at a time, in the same run, on the local stack. Prints
// the ratios API / helm (goal ≤ 1.10). The API runs its quota check in helm's post-renderer, so
// both sides run one helm process per launch.
//
// Plain helm bursts run at most as many helm processes at once as the server allows
// (ONYXIA_HELM_CONCURRENCY, default max(4, 4 × cores)), so both sides have the same parallelism.
//
// Variance: a launch is one helm process either way, and helm's own time swings with the machine
// (2 shared cores) by more than the 10 % looked for. So one-at-a-time launches alternate (API,
// helm, gated helm, in a rotating order) and the bench prints the median of the pairwise ratios besides the ratio of
// medians, and helm against itself (its odd runs against its even runs: the noise floor). Bursts
// run BENCH_BURST_ROUNDS times in ABBA order (API, helm, helm, API, …), so load that moves
// during the run weighs on both sides alike. The API process runs as production does: bundled
// (lib/launch-api-main.ts through scripts/build-server.mjs), with `npm run serve`'s Node options
// and environment; BENCH_API_TSX=1 runs it through tsx instead (as before issue 16's last round).
//
// Where the time goes: each launch's server-timing phases (helm's run split into prepare, render,
// post-render check and apply), per burst round; each side's helm process time (spawn to exit);
// the event-loop delay of the process driving the helm processes (the API server's, answered
// over IPC, lib/loop-delay.ts; the bench's own); CPU per process. NODE_OPTIONS=--cpu-prof
// profiles both processes (the API process exits through Node's hooks on SIGTERM).
//
// Run: node --import tsx bench/launch-overhead.ts   (needs the local stack; starts it if down)
// Env: BENCH_SEQUENTIAL (5 of each), BENCH_BURST (50), BENCH_BURST_ROUNDS (1),
//      BENCH_KEEP=1 keeps the namespaces, BENCH_API_WITHOUT="--memory-saver-mode" leaves
//      `npm run serve`'s options out of the API process's, BENCH_API_TSX=1 (above).
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { parseServerTiming } from "../packages/server/src/shared/phase-timer.ts";
import { manifestResources } from "../packages/server/src/features/quota/index.ts";
import { PostRenderGate } from "../packages/server/src/helm/index.ts";
import { helmEnvironment } from "../packages/server/src/config/process-env.ts";
import { ONYXIA_QUOTA_NAME } from "@onyxia-ts/core";
import { forkApi } from "./lib/api-child.ts";
import { probeLoopDelay, startLoopDelay, type LoopDelay } from "./lib/loop-delay.ts";
import { serveFlags } from "./lib/production-server.ts";
import { cleanupOnExit, deleteNamespaceFully } from "./lib/namespace-cleanup.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const SEQUENTIAL = Number(process.env["BENCH_SEQUENTIAL"] ?? 5);
const BURST = Number(process.env["BENCH_BURST"] ?? 50);
const BURST_ROUNDS = Number(process.env["BENCH_BURST_ROUNDS"] ?? 1);
const CHART = path.join(root, "catalogs/examples/repo/vscode-lite-1.0.0.tgz");
const VALUES = {
  persistence: { enabled: false },
  resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
};

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();

async function apiProcess(): Promise<void> {
  const { launchApiProcess } = await import("./lib/launch-api.ts");
  await launchApiProcess({ quota: true });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.floor((s.length - 1) / 2)] as number);
}

/** CPU seconds of a process itself and of its reaped children (helm, the post-renderer), from /proc. */
function cpuOf(pid: number | string): { self: number; children: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const tick = 100; // USER_HZ
    return { self: (f[11]! + f[12]!) / tick, children: (f[13]! + f[14]!) / tick };
  } catch {
    return { self: NaN, children: NaN };
  }
}

function stackPid(name: string): string {
  try {
    return readFileSync(path.join(root, ".stack/pids", `${name}.pid`), "utf8")
      .split(" ")[0]!
      .trim();
  } catch {
    return "0";
  }
}

/** CPU seconds spent by each side of a run: the API process, its children, ours, the cluster's. */
function cpuSnapshot(apiPid: number): Record<string, number> {
  const api = cpuOf(apiPid);
  const self = cpuOf("self");
  return {
    "API server": api.self,
    "API's helm + post-renderer": api.children,
    "bench's plain helm": self.children,
    // Its own CPU: the HTTP client in the API's burst; spawning helm in its own (as the API
    // process does in the API's burst: a fork of a large process costs ~5–15 ms).
    "bench process": self.self,
    "kube-apiserver + etcd": cpuOf(stackPid("kube-apiserver")).self + cpuOf(stackPid("etcd")).self,
  };
}

function medianPhases(rows: Record<string, number>[]): Record<string, string> {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(names.map((n) => [n, median(rows.map((r) => r[n] ?? 0)).toFixed(0)]));
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function main(): Promise<void> {
  const { ensureStackUp } = await import("../stack/lib/ensure.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  const { kubernetesPaths } = await import("../stack/components/kubernetes/index.ts");
  const stack = await ensureStackUp();
  const admin = kube();
  const kubeconfig = kubernetesPaths(admin.ctx).kubeconfig;
  const prefix = `${uniqueName("lo")}-`;
  const apiNamespace = `${prefix}default`;
  const helmNamespace = `${prefix}helm`;
  const valuesFile = path.join(tmpdir(), `${prefix}values.yaml`);
  writeFileSync(valuesFile, stringify(VALUES));
  const helmSlots = Number(
    process.env["ONYXIA_HELM_CONCURRENCY"] ?? Math.max(4, availableParallelism() * 4),
  );

  const serve = serveFlags();
  const apiTsx = process.env["BENCH_API_TSX"] === "1";
  const bundleDir = mkdtempSync(path.join(tmpdir(), "onyxia-bench-launch-api-"));
  if (!apiTsx)
    execFileSync(
      process.execPath,
      [
        "scripts/build-server.mjs",
        "--entry",
        "bench/lib/launch-api-main.ts",
        "--outdir",
        bundleDir,
      ],
      { cwd: root, stdio: "inherit" },
    );
  const { child: api, url } = await forkApi(
    apiTsx ? fileURLToPath(import.meta.url) : path.join(bundleDir, "main.js"),
    { ...serve.env, BENCH_PREFIX: prefix, KUBECONFIG: kubeconfig, ONYXIA_TS_HOME: root },
    // BENCH_API_WITHOUT: Node options of `npm run serve` left out for the API process.
    serve.nodeArgs.filter((a) => !(process.env["BENCH_API_WITHOUT"] ?? "").split(" ").includes(a)),
  );
  const cleanup = cleanupOnExit(async () => {
    api.kill("SIGTERM");
    rmSync(bundleDir, { recursive: true, force: true });
    if (process.env["BENCH_KEEP"] !== "1")
      await Promise.all([apiNamespace, helmNamespace].map((ns) => deleteNamespaceFully(admin, ns)));
    await stack.stop();
  });
  try {
    await admin.create("/api/v1/namespaces", { metadata: { name: helmNamespace } });

    // The server's own phases of each launch (its Server-Timing header) and the client's time.
    let phases: Record<string, number>[] = [];
    const viaApi = async (name: string) => {
      const t = performance.now();
      const r = await fetch(`${url}/api/my-lab/app`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          catalogId: "examples",
          packageName: "vscode-lite",
          packageVersion: "1.0.0",
          name,
          options: VALUES,
        }),
      });
      const body = await r.text();
      if (r.status !== 200)
        throw new Error(`API launch ${name}: ${r.status} ${body.slice(0, 300)}`);
      const ms = performance.now() - t;
      const timing = parseServerTiming(r.headers.get("server-timing") ?? undefined);
      // The server's time outside its serial phases (quota and secret run during helm's render).
      const serial = Object.entries(timing)
        .filter(([phase]) => !["quota", "secret", "total"].includes(phase))
        .reduce((sum, [, phaseMs]) => sum + phaseMs, 0);
      phases.push({ ...timing, untimed: (timing["total"] ?? 0) - serial, client: ms });
      return ms;
    };
    // The same helm install with the server's post-renderer gate (bash script, loopback socket)
    // and the quota's manifest parsing, without the API: what the post-renderer alone costs.
    const gate = new PostRenderGate();
    const viaHelm = async (name: string, gated = false, namespace = helmNamespace) => {
      const t = performance.now();
      const registration = gated
        ? await gate.register((manifest) => void manifestResources(manifest))
        : undefined;
      await run(
        path.join(root, ".tools/bin/helm"),
        [
          ...(registration?.args ?? []),
          "install",
          name,
          CHART,
          `--namespace=${namespace}`,
          "--values",
          valuesFile,
          "--output=json",
        ],
        {
          // The environment the server's helm gets from its own (PATH, proxies, SSL_CERT_FILE
          // and SSL_CERT_DIR: Go reads the latter two at start), as a user's shell would give it.
          env: {
            ...helmEnvironment({}, process.env),
            KUBECONFIG: kubeconfig,
            HOME: tmpdir(),
            ...registration?.env,
          },
          maxBuffer: 64 << 20,
        },
      );
      registration?.close();
      return performance.now() - t;
    };

    // Warm-up: the API's first launch creates its namespace (and quota); helm warms its caches.
    await viaApi("warm-api");
    // Plain helm's namespace gets the same ResourceQuota as the API's (its onboarding made it):
    // quota admission serializes the creations in a namespace (each one updates the quota's
    // status), so bursts into a namespace without one would not compare.
    const quota = (await admin.get(
      `/api/v1/namespaces/${apiNamespace}/resourcequotas/${ONYXIA_QUOTA_NAME}`,
    )) as { spec?: unknown };
    await admin.create(`/api/v1/namespaces/${helmNamespace}/resourcequotas`, {
      metadata: { name: ONYXIA_QUOTA_NAME },
      spec: quota.spec,
    });
    await viaHelm("warm-helm");
    const loadBefore = loadavg()[0] ?? NaN;

    phases = [];
    // One at a time, alternating, so all three see the same machine; the order rotates (API,
    // helm, gated; helm, gated, API; gated, API, helm) because a launch runs slower or faster
    // depending on what ran just before it (the cluster's controllers still acting on the last
    // install), which a fixed order charges to one side.
    const apiOne: number[] = [];
    const helmOne: number[] = [];
    const gatedOne: number[] = [];
    // Plain helm into the API's own namespace, which the API server watches (its services
    // listing's caches): what those watches cost an install, apart from the API's own work.
    const watchedOne: number[] = [];
    const sides = [
      (i: number) => viaApi(`one-api-${i}`).then((ms) => void apiOne.push(ms)),
      (i: number) => viaHelm(`one-helm-${i}`).then((ms) => void helmOne.push(ms)),
      (i: number) => viaHelm(`one-gated-${i}`, true).then((ms) => void gatedOne.push(ms)),
      (i: number) =>
        viaHelm(`one-watched-${i}`, false, apiNamespace).then((ms) => void watchedOne.push(ms)),
    ];
    for (let i = 0; i < SEQUENTIAL; i++)
      for (let k = 0; k < sides.length; k++) await sides[(i + k) % sides.length]!(i);

    const onePhases = phases;
    phases = [];
    // Bursts: BURST launches at once through the API; the same number of plain helm installs
    // with the server's helm parallelism.
    // ABBA: API, helm, then helm, API, … ; wall times and CPU summed per side.
    let apiBurstMs = 0;
    let helmBurstMs = 0;
    const apiCpuDelta: Record<string, number> = {};
    const helmCpuDelta: Record<string, number> = {};
    const addCpu = (
      into: Record<string, number>,
      a: Record<string, number>,
      b: Record<string, number>,
    ) => {
      for (const k of Object.keys(a)) into[k] = (into[k] ?? 0) + (b[k] ?? 0) - (a[k] ?? 0);
    };
    // Per round: each API launch's phases, each plain helm install's time, and the event-loop
    // delay of the process that drives the helm processes (the API server, this bench).
    const rounds: {
      api: Record<string, number>[];
      helm: number[];
      apiLoop?: LoopDelay;
      benchLoop?: LoopDelay;
      apiMs?: number;
      helmMs?: number;
      load: number;
    }[] = [];
    const benchLoop = startLoopDelay();
    const apiBurst = async (round: number) => {
      const before = cpuSnapshot(api.pid!);
      await probeLoopDelay(api);
      phases = [];
      const t = performance.now();
      await Promise.all(Array.from({ length: BURST }, (_, i) => viaApi(`b${round}-api-${i}`)));
      const ms = performance.now() - t;
      apiBurstMs += ms;
      addCpu(apiCpuDelta, before, cpuSnapshot(api.pid!));
      Object.assign(rounds[round]!, { api: phases, apiMs: ms, apiLoop: await probeLoopDelay(api) });
    };
    const helmBurst = async (round: number) => {
      const before = cpuSnapshot(api.pid!);
      benchLoop.read();
      const t = performance.now();
      await pool(
        Array.from({ length: BURST }, (_, i) => `b${round}-helm-${i}`),
        helmSlots,
        async (name) => void rounds[round]!.helm.push(await viaHelm(name)),
      );
      const ms = performance.now() - t;
      helmBurstMs += ms;
      addCpu(helmCpuDelta, before, cpuSnapshot(api.pid!));
      Object.assign(rounds[round]!, { helmMs: ms, benchLoop: benchLoop.read() });
    };
    const burstWalls: string[] = [];
    for (let round = 0; round < BURST_ROUNDS; round++) {
      rounds.push({ api: [], helm: [], load: loadavg()[0] ?? NaN });
      const [a, h] = [apiBurstMs, helmBurstMs];
      if (round % 2 === 0) {
        await apiBurst(round);
        await helmBurst(round);
      } else {
        await helmBurst(round);
        await apiBurst(round);
      }
      burstWalls.push(`${((apiBurstMs - a) / (helmBurstMs - h)).toFixed(2)}`);
    }
    const fixed = (d: Record<string, number>) =>
      Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toFixed(1)]));

    console.log(
      `\nLaunch overhead, vscode-lite, quota check on (API) — load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after; ` +
        `API server ${apiTsx ? "through the tsx loader" : "bundled, as production runs"}; plain helm bursts ${helmSlots} at a time (the server's helm slots)`,
    );
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.table({
      [`one at a time (median of ${SEQUENTIAL})`]: {
        "API ms": median(apiOne).toFixed(0),
        "helm ms": median(helmOne).toFixed(0),
        "API / helm": ratio(median(apiOne), median(helmOne)),
      },
      [`${BURST} at once (wall time, ${BURST_ROUNDS} round${BURST_ROUNDS > 1 ? "s summed" : ""})`]:
        {
          "API ms": apiBurstMs.toFixed(0),
          "helm ms": helmBurstMs.toFixed(0),
          "API / helm": ratio(apiBurstMs, helmBurstMs),
        },
    });
    const pairs = apiOne.map((a, i) => a / (helmOne[i] as number));
    const odd = helmOne.filter((_, i) => i % 2 === 1);
    const even = helmOne.filter((_, i) => i % 2 === 0);
    const spread = (xs: number[]) =>
      `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
    console.log(
      `one at a time: median of the ${SEQUENTIAL} pairwise ratios (each API launch / the plain helm install of the same turn) ${median(pairs).toFixed(2)} ` +
        `(each: ${pairs.map((r) => r.toFixed(2)).join(", ")}); range API ${spread(apiOne)}, helm ${spread(helmOne)}; ` +
        `helm against itself (odd / even runs, medians) ${ratio(median(odd), median(even))}`,
    );
    if (BURST_ROUNDS > 1) console.log(`burst ratio of each round: ${burstWalls.join(", ")}`);
    console.log(
      `helm install with the post-renderer gate, no API, one at a time: ${median(gatedOne).toFixed(0)} ms, ${ratio(median(gatedOne), median(helmOne))} × plain helm`,
    );
    console.log(
      `plain helm install into the API's namespace (watched by the API server), one at a time: ${median(watchedOne).toFixed(0)} ms, ${ratio(median(watchedOne), median(helmOne))} × plain helm`,
    );
    console.log(
      "API launch phases (server-timing medians, ms; helm-queue: waiting for a helm slot)",
    );
    console.table({
      "one at a time": medianPhases(onePhases),
      ...Object.fromEntries(
        rounds.map((r, i) => [`${BURST} at once, round ${i + 1}`, medianPhases(r.api)]),
      ),
    });
    // Each side's helm process, spawn to exit, against the other's: the API's is helm-render +
    // post-render + helm-apply; the wait for a slot is apart on both sides (the bench's pool).
    const helmRun = (p: Record<string, number>) =>
      (p["helm-render"] ?? 0) + (p["post-render"] ?? 0) + (p["helm-apply"] ?? 0);
    const loopText = (l: LoopDelay | undefined) =>
      l ? `${l.p50.toFixed(0)} / ${l.p99.toFixed(0)} / ${l.max.toFixed(0)}` : "";
    console.log(
      "Bursts, per round (ABBA): wall, each helm process (median, spawn to exit), event-loop delay " +
        "(p50 / p99 / max ms) of the process driving the helm processes",
    );
    console.table(
      Object.fromEntries(
        rounds.map((r, i) => [
          `round ${i + 1} (${i % 2 === 0 ? "API first" : "helm first"}, load ${r.load.toFixed(1)})`,
          {
            "API s": ((r.apiMs ?? NaN) / 1000).toFixed(1),
            "helm s": ((r.helmMs ?? NaN) / 1000).toFixed(1),
            ratio: ratio(r.apiMs ?? NaN, r.helmMs ?? NaN),
            "API's helm ms": median(r.api.map(helmRun)).toFixed(0),
            "plain helm ms": median(r.helm).toFixed(0),
            "API loop": loopText(r.apiLoop),
            "bench loop": loopText(r.benchLoop),
          },
        ]),
      ),
    );
    console.log(`CPU seconds spent during the bursts (${BURST} launches × ${BURST_ROUNDS})`);
    console.table({
      "API burst": fixed(apiCpuDelta),
      "plain helm burst": fixed(helmCpuDelta),
    });
    // Less sensitive to the load moving between the two bursts than their wall times.
    const cpuSum = (d: Record<string, string>) =>
      Object.values(d).reduce((sum, v) => sum + Number(v), 0);
    const apiCpu = cpuSum(fixed(apiCpuDelta));
    const helmCpu = cpuSum(fixed(helmCpuDelta));
    console.log(
      `CPU for the burst, all processes above: API ${apiCpu.toFixed(1)} s, plain helm ${helmCpu.toFixed(1)} s, ratio ${ratio(apiCpu, helmCpu)} (kube-apiserver + etcd also serve the other users of the shared stack)`,
    );
    const ok = median(apiOne) / median(helmOne) <= 1.1 && apiBurstMs / helmBurstMs <= 1.1;
    console.log(
      `Goal API / helm ≤ 1.10 for one launch and for the burst: ${ok ? "MET" : "NOT MET"}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}
