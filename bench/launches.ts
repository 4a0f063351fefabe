// Launch benchmark: N concurrent `PUT /api/my-lab/app` through the real API (its own process) on
// the local stack. Reports failures, server-side latency by phase (from Server-Timing), client
// latency, total wall time, and how long the pods took to be scheduled and Ready (KWOK nodes).
//
// Each launch is vscode-lite with persistence off (the stack has no volume provisioner, a pod
// with a PVC would stay Pending) and small resource requests. The namespace has an onyxia-quota, so every launch also pays
// the quota pre-check (helm template); BENCH_QUOTA=0 measures without it.
//
// Run: node --import tsx bench/launches.ts   (needs the local stack; starts it if down)
// Env: BENCH_LAUNCHES (50), BENCH_QUOTA (1), BENCH_KEEP=1 keeps the namespace.
import { fileURLToPath } from "node:url";
import { forkApi } from "./lib/api-child.ts";
import { cleanupOnExit, deleteNamespaceFully } from "./lib/namespace-cleanup.ts";

const N = Number(process.env["BENCH_LAUNCHES"] ?? 50);
const withQuota = process.env["BENCH_QUOTA"] !== "0";

/** Kubernetes JSON, read loosely. */
type Loose = ReturnType<typeof JSON.parse>;

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();

async function apiProcess(): Promise<void> {
  const { launchApiProcess } = await import("./lib/launch-api.ts");
  await launchApiProcess({ quota: withQuota });
}

async function main(): Promise<void> {
  const { ensureStackUp } = await import("../stack/lib/ensure.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  const { kubernetesPaths } = await import("../stack/components/kubernetes/index.ts");
  const { parseServerTiming } = await import("../packages/server/src/shared/phase-timer.ts");
  const stack = await ensureStackUp();
  const admin = kube();
  const prefix = `${uniqueName("bl")}-`;
  const namespace = `${prefix}default`;
  const { child: api, url } = await forkApi(fileURLToPath(import.meta.url), {
    BENCH_PREFIX: prefix,
    KUBECONFIG: kubernetesPaths(admin.ctx).kubeconfig,
  });
  // The namespace (N+1 pods) goes at the end, also on Ctrl-C, and before the stack is stopped:
  // KWOK must still run to finish the pods' deletion.
  const cleanup = cleanupOnExit(async () => {
    api.kill("SIGTERM");
    if (process.env["BENCH_KEEP"] !== "1") await deleteNamespaceFully(admin, namespace);
    await stack.stop();
  });
  try {
    // One launch first: creates the namespace, so the measured ones all take the same path.
    const warm = await launch(url, "warmup-0");
    if (warm.status !== 200) throw new Error(`warm-up launch failed: ${warm.status} ${warm.body}`);

    const started = performance.now();
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => launch(url, `bench-${i}`)),
    );
    const wallMs = performance.now() - started;
    const failures = results.filter((r) => r.status !== 200);

    // Pods: scheduled (PodScheduled) and Ready transitions, relative to the burst start.
    const podTimes = await waitForPods(
      admin,
      namespace,
      results.filter((r) => r.status === 200).map((r) => r.release),
      t0,
    );

    const phases = [
      "validate",
      "namespace",
      "quota",
      "helm-queue",
      "render",
      "install",
      "secret",
      "total",
    ];
    const rows: [string, number[]][] = phases.map((p) => [
      `server ${p}`,
      results.map((r) => r.timing[p]).filter((v): v is number => v !== undefined),
    ]);
    rows.push(["client latency", results.map((r) => r.clientMs)]);
    rows.push(["pod scheduled (from burst start)", podTimes.scheduled]);
    rows.push(["pod ready (from burst start)", podTimes.ready]);
    console.log(
      `\n${N} concurrent launches (vscode-lite, quota pre-check ${withQuota ? "on" : "off"}), 2-core machine`,
    );
    console.log(
      `failures: ${failures.length}${
        failures.length
          ? ` — ${failures
              .slice(0, 3)
              .map((f) => `${f.status} ${f.body.slice(0, 200)}`)
              .join(" | ")}`
          : ""
      }`,
    );
    console.log(
      `total wall time: ${(wallMs / 1000).toFixed(2)} s; launches/s: ${(N / (wallMs / 1000)).toFixed(1)}`,
    );
    console.log(`pods Ready: ${podTimes.ready.length}/${N - failures.length}\n`);
    console.log(`| phase | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|`);
    for (const [name, values] of rows) {
      if (values.length === 0) continue;
      console.log(
        `| ${name} | ${values.length} | ${pct(values, 50).toFixed(0)} | ${pct(values, 95).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`,
      );
    }
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }

  async function launch(base: string, name: string) {
    const t = performance.now();
    const r = await fetch(`${base}/api/my-lab/app`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        catalogId: "examples",
        packageName: "vscode-lite",
        packageVersion: "1.0.0",
        name,
        options: {
          persistence: { enabled: false },
          // Small requests: 50 pods must fit on the simulated nodes next to other runs' pods.
          resources: {
            requests: { cpu: "100m", memory: "256Mi" },
            limits: { cpu: "1000m", memory: "1Gi" },
          },
        },
      }),
    });
    const body = await r.text();
    return {
      status: r.status,
      body,
      release: name,
      clientMs: performance.now() - t,
      timing: parseServerTiming(r.headers.get("server-timing") ?? undefined),
    };
  }
}

async function waitForPods(
  admin: { get(path: string): Promise<Loose> },
  namespace: string,
  releases: string[],
  t0: number,
) {
  const wanted = new Set(releases);
  const deadline = Date.now() + 120_000;
  let pods: Loose[] = [];
  while (Date.now() < deadline) {
    pods = (await admin.get(`/api/v1/namespaces/${namespace}/pods`)).items.filter((p: Loose) =>
      wanted.has(p.metadata.labels?.["app.kubernetes.io/instance"]),
    );
    const ready = pods.filter((p: Loose) =>
      p.status?.conditions?.some((c: Loose) => c.type === "Ready" && c.status === "True"),
    );
    if (ready.length >= wanted.size) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Condition times have one-second resolution.
  const at = (p: Loose, type: string) => {
    const c = p.status?.conditions?.find((x: Loose) => x.type === type && x.status === "True");
    return c ? Date.parse(c.lastTransitionTime) - t0 : undefined;
  };
  return {
    scheduled: pods.map((p) => at(p, "PodScheduled")).filter((v): v is number => v !== undefined),
    ready: pods.map((p) => at(p, "Ready")).filter((v): v is number => v !== undefined),
  };
}
