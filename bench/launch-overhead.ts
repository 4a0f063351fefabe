// Launch overhead: the same chart (vscode-lite) with the same values, through our API
// (PUT /api/my-lab/app, quota check on: the namespace has an onyxia-quota) and through a plain
// `helm install`, one at a time and 50 at a time, in the same run, on the local stack. Prints
// the ratios API / helm (goal ≤ 1.10). The API runs its quota check in helm's post-renderer, so
// both sides run one helm process per launch.
//
// Plain helm bursts run at most as many helm processes at once as the server allows
// (ONYXIA_HELM_CONCURRENCY, default max(4, 4 × cores)), so both sides have the same parallelism.
//
// Run: node --import tsx bench/launch-overhead.ts   (needs the local stack; starts it if down)
// Env: BENCH_SEQUENTIAL (5 of each), BENCH_BURST (50), BENCH_KEEP=1 keeps the namespaces.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { forkApi } from "./lib/api-child.ts";
import { cleanupOnExit, deleteNamespaceFully } from "./lib/namespace-cleanup.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const SEQUENTIAL = Number(process.env["BENCH_SEQUENTIAL"] ?? 5);
const BURST = Number(process.env["BENCH_BURST"] ?? 50);
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

  const { child: api, url } = await forkApi(fileURLToPath(import.meta.url), {
    BENCH_PREFIX: prefix,
    KUBECONFIG: kubeconfig,
  });
  const cleanup = cleanupOnExit(async () => {
    api.kill("SIGTERM");
    if (process.env["BENCH_KEEP"] !== "1")
      await Promise.all([apiNamespace, helmNamespace].map((ns) => deleteNamespaceFully(admin, ns)));
    await stack.stop();
  });
  try {
    await admin.create("/api/v1/namespaces", { metadata: { name: helmNamespace } });

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
      return performance.now() - t;
    };
    const viaHelm = async (name: string) => {
      const t = performance.now();
      await run(
        path.join(root, ".tools/bin/helm"),
        [
          "install",
          name,
          CHART,
          `--namespace=${helmNamespace}`,
          "--values",
          valuesFile,
          "--output=json",
        ],
        {
          env: { PATH: process.env["PATH"] ?? "", KUBECONFIG: kubeconfig, HOME: tmpdir() },
          maxBuffer: 64 << 20,
        },
      );
      return performance.now() - t;
    };

    // Warm-up: the API's first launch creates its namespace (and quota); helm warms its caches.
    await viaApi("warm-api");
    await viaHelm("warm-helm");
    const loadBefore = loadavg()[0] ?? NaN;

    // One at a time, alternating, so both see the same machine.
    const apiOne: number[] = [];
    const helmOne: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      apiOne.push(await viaApi(`one-api-${i}`));
      helmOne.push(await viaHelm(`one-helm-${i}`));
    }

    // Bursts: BURST launches at once through the API; the same number of plain helm installs
    // with the server's helm parallelism.
    let t = performance.now();
    await Promise.all(Array.from({ length: BURST }, (_, i) => viaApi(`burst-api-${i}`)));
    const apiBurstMs = performance.now() - t;
    t = performance.now();
    await pool(
      Array.from({ length: BURST }, (_, i) => `burst-helm-${i}`),
      helmSlots,
      async (name) => void (await viaHelm(name)),
    );
    const helmBurstMs = performance.now() - t;

    console.log(
      `\nLaunch overhead, vscode-lite, quota check on (API) — load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after; ` +
        `API server through the tsx loader; plain helm bursts ${helmSlots} at a time (the server's helm slots)`,
    );
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.table({
      [`one at a time (median of ${SEQUENTIAL})`]: {
        "API ms": median(apiOne).toFixed(0),
        "helm ms": median(helmOne).toFixed(0),
        "API / helm": ratio(median(apiOne), median(helmOne)),
      },
      [`${BURST} at once (wall time)`]: {
        "API ms": apiBurstMs.toFixed(0),
        "helm ms": helmBurstMs.toFixed(0),
        "API / helm": ratio(apiBurstMs, helmBurstMs),
      },
    });
    const ok = median(apiOne) / median(helmOne) <= 1.1 && apiBurstMs / helmBurstMs <= 1.1;
    console.log(
      `Goal API / helm ≤ 1.10 for one launch and for the burst: ${ok ? "MET" : "NOT MET"}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}
