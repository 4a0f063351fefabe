// Admin listing at scale (issue 17): 2,000 Helm releases across 200 namespaces on the local stack,
// then, in one run, p95 of GET /api/admin/services (the admin view's first page, and a filtered
// sort) and of the CSV export, against `helm list --all-namespaces` on the same cluster.
//
// The releases are real Helm release Secrets in Helm's storage format (the vscode-lite example
// chart rendered by `helm template`, lib/fake-releases.ts), created directly through the API
// server with their Onyxia records, as the other scale benches do: 2,000 `helm install` runs take
// far too long on this 2-core machine. `helm list` decodes them like any release. No pods: the
// fake nodes are shared. Everything created is deleted at the end (also on Ctrl-C).
//
// Run: node --import tsx bench/admin-listing.ts   (needs the local stack's Kubernetes; starts it if down)
// Env: BENCH_NAMESPACES (200), BENCH_PER_NAMESPACE (10), BENCH_REQUESTS (200 sequential listings),
//      BENCH_HELM_RUNS (10), BENCH_DURATION (5 s of concurrent load), BENCH_CONNECTIONS (10)
import { execFile, fork } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadTest } from "./lib/load-test.ts";
import { cleanupOnExit, deleteNamespaceFully } from "./lib/namespace-cleanup.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const NAMESPACES = Number(process.env["BENCH_NAMESPACES"] ?? 200);
const PER_NAMESPACE = Number(process.env["BENCH_PER_NAMESPACE"] ?? 10);
const REQUESTS = Number(process.env["BENCH_REQUESTS"] ?? 200);
const HELM_RUNS = Number(process.env["BENCH_HELM_RUNS"] ?? 10);
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const ADMIN_HEADERS = { "x-bench-user": "root" };

/**
 * What the cold start spends per release, in this process: the namespace caches' digest
 * (helmReleaseEntry: the manifest's YAML parsed) against the admin view's (adminReleaseEntry).
 */
async function digestCost(
  template: string,
  secretText: (template: string, name: string, namespace: string, revision: number) => string,
): Promise<void> {
  const { helmReleaseEntry } = await import("../packages/server/src/kubernetes/namespace-cache.ts");
  const { adminReleaseEntry } = await import("../packages/server/src/kubernetes/cluster-index.ts");
  type Secret = Parameters<typeof adminReleaseEntry>[0];
  const sample = Array.from(
    { length: 200 },
    (_, i) => JSON.parse(secretText(template, `vscode-${i}`, "bench", 1)) as Secret,
  );
  const perRelease = (digest: (secret: Secret) => unknown) => {
    const start = performance.now();
    for (const secret of sample) digest(secret);
    return (performance.now() - start) / sample.length;
  };
  const full = (s: Secret) => helmReleaseEntry(s, undefined, undefined);
  const light = (s: Secret) => adminReleaseEntry(s, undefined);
  // Alternating rounds, the best of each (the machine is shared).
  let [bestFull, bestLight] = [Infinity, Infinity];
  for (let round = 0; round < 5; round++) {
    bestFull = Math.min(bestFull, perRelease(full));
    bestLight = Math.min(bestLight, perRelease(light));
  }
  console.log(
    `digest of one release Secret (${sample.length} × 5 rounds, best): namespace caches' ${bestFull.toFixed(2)} ms, admin view's ${bestLight.toFixed(2)} ms (${(bestFull / bestLight).toFixed(1)}x less work)`,
  );
}

/** The API in its own process (the load generator does not share its event loop). */
async function apiProcess(): Promise<void> {
  const { benchRegionConfig } = await import("./lib/bench-config.ts");
  const { buildApp } = await import("../packages/server/src/app.ts");
  const prefix = process.env["BENCH_PREFIX"] as string;
  const config = benchRegionConfig(prefix, {
    services: { groupNamespacePrefix: `${prefix}g-` },
    settings: { audit: { sink: "none" }, admin: { roles: ["ops"], "node-pool-label": "type" } },
  });
  const app = await buildApp({
    config,
    webDistDirectory: null,
    build: { version: "bench", timestamp: 0 },
    users: {
      resolve: async (request) => {
        const idep = String(request.headers["x-bench-user"] ?? "someone");
        const groups = idep === "root" ? ["ops"] : [];
        return { idep, email: "", nomComplet: idep, ip: "", groups, roles: [], attributes: {} };
      },
    },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

function summary(times: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) as number };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

async function main(): Promise<void> {
  const { createContext } = await import("../stack/lib/context.ts");
  const { isStackUp, up } = await import("../stack/lib/orchestrator.ts");
  const { readEnvFile } = await import("../stack/lib/env-file.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  const { onyxiaSecretText, releaseSecretText, releaseTemplate } =
    await import("./lib/fake-releases.ts");
  const ctx = createContext();
  const only = ["kwok"];
  Object.assign(
    process.env,
    (await isStackUp(ctx, { only })) ? readEnvFile(ctx) : await up(ctx, { only }),
  );
  const admin = kube();
  const prefix = `${uniqueName("admbench")}-`;
  const namespaces = Array.from(
    { length: NAMESPACES },
    (_, i) => `${prefix}u${String(i).padStart(3, "0")}`,
  );
  const total = NAMESPACES * PER_NAMESPACE;
  const helmBin = path.join(root, ".tools/bin/helm");
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: limit }, async () => {
        while (next < items.length) await fn(items[next++] as T);
      }),
    );
  }

  const created: string[] = [];
  const cleanup = cleanupOnExit(async () => {
    if (process.env["BENCH_KEEP"] === "1") return;
    const t = performance.now();
    await pool([...created], 8, async (ns) => void (await deleteNamespaceFully(admin, ns)));
    console.log(`cleanup: ${created.length} namespaces deleted in ${ms(performance.now() - t)}`);
  });
  try {
    const template = await releaseTemplate();
    await digestCost(template, releaseSecretText);
    let t = performance.now();
    await pool(namespaces, 8, async (ns) => {
      await admin.create("/api/v1/namespaces", { metadata: { name: ns } });
      created.push(ns);
    });
    const jobs = namespaces.flatMap((ns, n) =>
      Array.from({ length: PER_NAMESPACE }, (_, i) => ({
        ns,
        owner: `u${String(n).padStart(3, "0")}`,
        name: `vscode-${String(i).padStart(6, "0")}`,
      })),
    );
    let bytes = 0;
    await pool(jobs, 16, async ({ ns, owner, name }) => {
      // What Helm stores, without the server-set fields a create must not carry.
      const text = releaseSecretText(template, name, ns, 1);
      bytes += text.length;
      const secret = JSON.parse(text) as { metadata: Record<string, unknown> };
      const { name: secretName, namespace, labels } = secret.metadata;
      secret.metadata = { name: secretName, namespace, labels };
      await admin.create(`/api/v1/namespaces/${ns}/secrets`, secret);
      const record = JSON.parse(onyxiaSecretText(name, ns, owner, 1)) as {
        metadata: Record<string, unknown>;
      };
      delete record.metadata["resourceVersion"];
      await admin.create(`/api/v1/namespaces/${ns}/secrets`, record);
    });
    console.log(
      `${total} releases (${(bytes / 2 ** 20).toFixed(0)} MiB of release Secrets) + records in ${NAMESPACES} namespaces created in ${ms(performance.now() - t)}`,
    );

    const child = fork(fileURLToPath(import.meta.url), {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, BENCH_ROLE: "api", BENCH_PREFIX: prefix },
    });
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      child.once("message", (m) => resolve(m as { url: string }));
      child.once("exit", (code) => reject(new Error(`API process exited (${code})`)));
    });
    try {
      const listUrl = `${url}/api/admin/services`;
      const get = async (target: string, headers = ADMIN_HEADERS) => {
        const response = await fetch(target, { headers });
        const text = await response.text();
        return { status: response.status, text };
      };
      // Until every release is listed: the first requests may answer 503 ("still reading") while
      // the cluster-wide watches decode the releases; meanwhile another route must stay fast.
      t = performance.now();
      let syncing = true;
      const pings: number[] = [];
      const pinger = (async () => {
        while (syncing) {
          const start = performance.now();
          await get(`${url}/api/public/configuration`);
          pings.push(performance.now() - start);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      let unavailable = 0;
      const deadline = Date.now() + 300_000;
      for (;;) {
        const answer = await get(listUrl);
        if (answer.status === 503) unavailable++;
        else if (answer.status !== 200)
          throw new Error(`listing: ${answer.status} ${answer.text.slice(0, 300)}`);
        else if ((JSON.parse(answer.text) as { total?: number }).total === total) break;
        if (Date.now() > deadline) throw new Error(`the listing never reached ${total} services`);
        await new Promise((r) => setTimeout(r, 250));
      }
      syncing = false;
      await pinger;
      const ping = summary(pings);
      console.log(
        `first complete admin listing (cluster-wide watches start, ${total} releases decoded): ${ms(performance.now() - t)} (${unavailable} answers 503 "still reading" before); meanwhile GET /api/public/configuration: ${pings.length} requests, p50 ${ms(ping.p50)}, max ${ms(ping.max)}`,
      );
      const forbidden = await get(listUrl, { "x-bench-user": "someone" });
      if (forbidden.status !== 403) throw new Error(`a non-admin got ${forbidden.status}`);

      const targets = [
        ["first page (50, newest first)", listUrl],
        ["owner filter + sort by name", `${listUrl}?owner=u123&sort=release&order=asc`],
        ["page 20 of 200, sort by memory", `${listUrl}?sort=memory&page=20&pageSize=100`],
        ["CSV export, all rows", `${url}/api/admin/services.csv`],
      ] as const;
      const results: { name: string; p50: number; p95: number; max: number; bytes: number }[] = [];
      for (const [name, target] of targets) {
        await get(target); // warm
        const times: number[] = [];
        let size = 0;
        for (let i = 0; i < REQUESTS; i++) {
          const start = performance.now();
          const answer = await get(target);
          times.push(performance.now() - start);
          if (answer.status !== 200) throw new Error(`${name}: ${answer.status}`);
          size = answer.text.length;
        }
        results.push({ name, ...summary(times), bytes: size });
      }

      const helmTimes: number[] = [];
      let helmCount = 0;
      for (let i = 0; i < HELM_RUNS; i++) {
        const start = performance.now();
        const { stdout } = await run(
          helmBin,
          ["list", "--all-namespaces", "--max", "0", "--output", "json"],
          { env: process.env, maxBuffer: 256 << 20 },
        );
        helmTimes.push(performance.now() - start);
        helmCount = (JSON.parse(stdout) as unknown[]).length;
      }
      const helm = summary(helmTimes);

      await loadTest("warm-up", listUrl, {
        durationSeconds: 1,
        connections,
        headers: ADMIN_HEADERS,
      });
      const load = await loadTest("admin listing", listUrl, {
        durationSeconds,
        connections,
        headers: ADMIN_HEADERS,
      });

      console.log(
        `\n${total} releases in ${NAMESPACES} namespaces (${REQUESTS} sequential requests each):`,
      );
      for (const r of results)
        console.log(
          `  GET ${r.name.padEnd(34)} p50 ${ms(r.p50).padStart(9)}  p95 ${ms(r.p95).padStart(9)}  max ${ms(r.max).padStart(9)}  body ${(r.bytes / 1024).toFixed(0)} KiB  helm p95 / this p95 = ${(helm.p95 / r.p95).toFixed(0)}x`,
        );
      console.log(
        `  helm list --all-namespaces (${helmCount} releases, ${HELM_RUNS} runs): p50 ${ms(helm.p50)}, p95 ${ms(helm.p95)}, max ${ms(helm.max)}`,
      );
      console.log(
        `  concurrent: ${connections} connections for ${durationSeconds} s: ${load.requests} requests (${load.reqPerSec.toFixed(0)}/s), non-2xx ${load.non2xx}, p50 ${ms(load.p50)}, p95 ${ms(load.p95)}, p99 ${ms(load.p99)}`,
      );
      console.log(
        `load average after: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
      );
    } finally {
      child.kill("SIGTERM");
    }
  } finally {
    await cleanup();
  }
}

// Last: the helpers above are initialised before either role runs.
if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();
