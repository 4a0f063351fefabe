// Services listing benchmark: N Helm releases in one namespace, then p50/p95 of
// GET /api/my-lab/services under concurrent load vs `helm list -n <ns> -o json` on the same releases.
//
// How the releases are made (fast, and real to Helm): one `helm install` of the vscode-lite example
// chart, whose release Secret is then cloned N-1 times in Helm's own storage format (JSON → gzip →
// base64, labels owner/name/status/version) with the release name substituted everywhere; each
// release also gets its StatefulSet (so KWOK runs a pod for it) and an Onyxia secret. `helm list`
// reads these clones like any release.
//
// Run: node --import tsx bench/services-list.ts   (needs the local stack; starts it if down)
// Env: BENCH_RELEASES (200), BENCH_DURATION seconds (5), BENCH_CONNECTIONS (10), BENCH_KEEP=1 keeps the namespace,
//      BENCH_KUBE_TRANSPORT=http1 and BENCH_KUBE_CALLS=http2 (lib/kube-transport.ts).
import { execFile, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseAllDocuments } from "yaml";
import { loadTest } from "./lib/load-test.ts";
import { cleanupOnExit, deleteNamespaceFully } from "./lib/namespace-cleanup.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const N = Number(process.env["BENCH_RELEASES"] ?? 200);
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();

/** The API in its own process (so the load generator does not share its event loop). */
async function apiProcess(): Promise<void> {
  const { benchRegionConfig } = await import("./lib/bench-config.ts");
  const { buildApp } = await import("../packages/server/src/app.ts");
  const prefix = process.env["BENCH_PREFIX"] as string;
  const config = benchRegionConfig(prefix);
  const { benchKubeClients } = await import("./lib/kube-transport.ts");
  const app = await buildApp({
    config,
    webDistDirectory: null,
    platform: await benchKubeClients("bench"),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` });
}

async function main(): Promise<void> {
  const { createContext } = await import("../stack/lib/context.ts");
  const { isStackUp, up } = await import("../stack/lib/orchestrator.ts");
  const { readEnvFile } = await import("../stack/lib/env-file.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  // Only the Kubernetes part of the stack is needed (KWOK and what it depends on). It is left
  // running afterwards: other runs on this machine may be using it (`npm run stack:down` stops it).
  const ctx = createContext();
  const only = ["kwok"];
  Object.assign(
    process.env,
    (await isStackUp(ctx, { only })) ? readEnvFile(ctx) : await up(ctx, { only }),
  );
  const admin = kube();
  const prefix = `${uniqueName("bench")}-`;
  const namespace = `${prefix}default`;
  const helmBin = path.join(root, ".tools/bin/helm");
  const helm = (...args: string[]) =>
    run(helmBin, [...args, "--namespace", namespace], { env: process.env, maxBuffer: 256 << 20 });
  const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64");

  async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: limit }, async () => {
        while (next < items.length) await fn(items[next++] as T);
      }),
    );
  }

  // Our own fake node, tainted for this run: the shared ones may be full of other tests' pods.
  const node = `${prefix}node`;
  const resources = { cpu: "64", memory: "256Gi", pods: String(N + 20) };
  // The namespace (N pods) and our node go at the end, also on Ctrl-C; the node after its pods.
  const cleanup = cleanupOnExit(async () => {
    if (process.env["BENCH_KEEP"] === "1") return;
    await deleteNamespaceFully(admin, namespace);
    await admin.remove(`/api/v1/nodes/${node}`);
  });
  try {
    await admin.create("/api/v1/namespaces", { metadata: { name: namespace } });
    await admin.create("/api/v1/nodes", {
      metadata: {
        name: node,
        annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
        labels: { "kubernetes.io/hostname": node, "kubernetes.io/os": "linux", type: "kwok" },
      },
      spec: { taints: [{ key: "onyxia-test/dedicated", value: namespace, effect: "NoSchedule" }] },
      status: { capacity: resources, allocatable: resources },
    });
    const first = "vscode-lite-000000";
    let t = performance.now();
    await helm(
      "install",
      first,
      path.join(root, "catalogs/examples/repo/vscode-lite-1.0.0.tgz"),
      "--set",
      "persistence.enabled=false",
      "--set",
      `ingress.hostname=${first}.localhost`,
      // Tiny requests so N pods fit on the shared fake nodes.
      "--set",
      "resources.requests.memory=1Mi",
      "--set",
      "resources.requests.cpu=1m",
      "--set-json",
      `nodeSelector=${JSON.stringify({ "kubernetes.io/hostname": node })}`,
      "--set-json",
      `tolerations=${JSON.stringify([{ key: "onyxia-test/dedicated", operator: "Exists", effect: "NoSchedule" }])}`,
    );
    const secret = await admin.get(
      `/api/v1/namespaces/${namespace}/secrets/sh.helm.release.v1.${first}.v1`,
    );
    const json = gunzipSync(
      Buffer.from(Buffer.from(secret.data.release, "base64").toString(), "base64"),
    ).toString();
    const statefulSet = parseAllDocuments(JSON.parse(json).manifest as string)
      .map((d) => d.toJS())
      .find((o) => o?.kind === "StatefulSet");
    console.log(`template release installed with helm in ${(performance.now() - t).toFixed(0)} ms`);

    const names = Array.from({ length: N }, (_, i) => `vscode-lite-${String(i).padStart(6, "0")}`);
    t = performance.now();
    await pool(names, 16, async (name) => {
      if (name !== first) {
        const release = json.replaceAll(first, name);
        await admin.create(`/api/v1/namespaces/${namespace}/secrets`, {
          metadata: {
            name: `sh.helm.release.v1.${name}.v1`,
            labels: { owner: "helm", name, status: "deployed", version: "1" },
          },
          type: "helm.sh/release.v1",
          data: { release: b64(b64(gzipSync(release))) },
        });
        const sts = JSON.parse(JSON.stringify(statefulSet).replaceAll(first, name));
        await admin.create(`/apis/apps/v1/namespaces/${namespace}/statefulsets`, sts);
      }
      await admin.create(`/api/v1/namespaces/${namespace}/secrets`, {
        metadata: { name: `sh.onyxia.release.v1.${name}` },
        type: "onyxia.sh/release.v1",
        data: {
          catalog: b64("ide"),
          owner: b64("default"),
          friendlyName: b64(name),
          share: b64("false"),
        },
      });
    });
    console.log(
      `${N} releases (secrets + StatefulSets + Onyxia secrets) created in ${(performance.now() - t).toFixed(0)} ms`,
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
      const listUrl = `${url}/api/my-lab/services`;
      t = performance.now();
      let body = (await (await fetch(listUrl)).json()) as { apps: { state: string }[] };
      const coldMs = performance.now() - t;
      console.log(
        `first request (namespace watch start + decode of ${body.apps.length} releases): ${coldMs.toFixed(0)} ms`,
      );
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        body = (await (await fetch(listUrl)).json()) as typeof body;
        if (body.apps.length === N && body.apps.every((a) => a.state === "running")) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const running = body.apps.filter((a) => a.state === "running").length;
      console.log(`listed ${body.apps.length}/${N} services, ${running} running (KWOK pods ready)`);

      const helmTimes: number[] = [];
      let helmCount = 0;
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        const { stdout } = await helm("list", "--output", "json", "--max", "0");
        helmTimes.push(performance.now() - t);
        helmCount = (JSON.parse(stdout) as unknown[]).length;
      }
      helmTimes.sort((a, b) => a - b);
      const helmMedian = helmTimes[2] as number;
      console.log(
        `helm list -n ${namespace} -o json: ${helmCount} releases, median of 5 runs ${helmMedian.toFixed(0)} ms (min ${helmTimes[0]?.toFixed(0)}, max ${helmTimes[4]?.toFixed(0)})`,
      );

      await loadTest("warm-up", listUrl, { durationSeconds: 1, connections });
      const result = await loadTest("GET /api/my-lab/services", listUrl, {
        durationSeconds,
        connections,
      });
      console.log(
        `GET /api/my-lab/services, ${connections} connections for ${durationSeconds} s: ${result.requests} requests (${result.reqPerSec.toFixed(0)}/s), ` +
          `non-2xx ${result.non2xx}, errors ${result.errors}, body ${(result.bodyBytes / 1024).toFixed(0)} KiB`,
      );
      console.log(
        `  p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
      );
      // As a browser asks (gzip): the compressed body is made once per namespace change.
      const gz = await loadTest("gzip", listUrl, {
        durationSeconds,
        connections,
        headers: { "accept-encoding": "gzip" },
      });
      console.log(
        `  with Accept-Encoding: gzip: p50 ${gz.p50.toFixed(2)} ms, p95 ${gz.p95.toFixed(2)} ms, ${gz.reqPerSec.toFixed(0)}/s, body ${(gz.bodyBytes / 1024).toFixed(0)} KiB`,
      );
      const ratio = (ms: number) => helmMedian / Math.max(ms, 0.001);
      console.log(
        `  helm list median / API p95: plain ${ratio(result.p95).toFixed(1)}x, gzip ${ratio(gz.p95).toFixed(1)}x (p50: ${ratio(result.p50).toFixed(0)}x, ${ratio(gz.p50).toFixed(0)}x)`,
      );
      const verdicts = [
        [`p95 < 50 ms (plain)`, result.p95 < 50],
        [`p95 < 50 ms (gzip)`, gz.p95 < 50],
        [`>= 20x faster than helm list at p95 (plain)`, ratio(result.p95) >= 20],
        [`>= 20x faster than helm list at p95 (gzip)`, ratio(gz.p95) >= 20],
        [`every request 2xx`, result.non2xx + result.errors + gz.non2xx + gz.errors === 0],
      ] as const;
      for (const [what, ok] of verdicts) console.log(`  ${ok ? "PASS" : "FAIL"} ${what}`);
      process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1;
    } finally {
      child.kill("SIGTERM");
    }
  } finally {
    await cleanup();
  }
}
