// Killed launch (issue 11, item 8): the API process is killed (SIGKILL) N ms into a
// PUT /api/my-lab/app, restarted, and the service is looked for: it must be either absent, or
// complete (friendly name and share flag as asked) and deletable. Prints one line per kill time.
//
// Run: node --import tsx bench/killed-launch.ts   (needs the local stack: `npm run stack:up`)
// Env: BENCH_KILL_MS (comma-separated, default 100,300,600,1000,2000).
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { forkApi } from "./lib/api-child.ts";

const KILLS = (process.env["BENCH_KILL_MS"] ?? "100,300,600,1000,2000").split(",").map(Number);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function apiProcess(): Promise<void> {
  const { launchApiProcess } = await import("./lib/launch-api.ts");
  await launchApiProcess({ quota: false });
}

async function main(): Promise<void> {
  const { createContext } = await import("../stack/lib/context.ts");
  const { isStackUp } = await import("../stack/lib/orchestrator.ts");
  const { readEnvFile } = await import("../stack/lib/env-file.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  const { deleteNamespaceFully } = await import("./lib/namespace-cleanup.ts");
  const ctx = createContext();
  if (!(await isStackUp(ctx, { only: ["kwok"] }))) throw new Error("the local stack is down");
  Object.assign(process.env, readEnvFile(ctx));
  const prefix = `${uniqueName("kill")}-`;
  const namespace = `${prefix}default`;

  const start = async (): Promise<{ child: ChildProcess; url: string }> => {
    return forkApi(fileURLToPath(import.meta.url), { BENCH_PREFIX: prefix });
  };
  type Listed = { id: string; friendlyName: string; share?: boolean; status?: string };
  const services = async (url: string): Promise<Listed[]> =>
    ((await (await fetch(`${url}/api/my-lab/services`)).json()) as { apps: Listed[] }).apps;

  try {
    for (const killMs of KILLS) {
      const name = `k-${killMs}`;
      let api = await start();
      const t = performance.now();
      const put = fetch(`${api.url}/api/my-lab/app`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          catalogId: "examples",
          packageName: "postgres-lite",
          packageVersion: "1.2.0",
          name,
          friendlyName: `Killed at ${killMs} ms`,
          share: true,
          options: {},
        }),
      }).then(
        (r) => r.status,
        () => 0,
      );
      await sleep(killMs);
      api.child.kill("SIGKILL");
      const status = await put;
      const killedAt = performance.now() - t;
      api = await start();
      // helm (a child of the killed server) may still be finishing: wait for the release a while.
      let found: Listed | undefined;
      for (let i = 0; i < 40 && !found; i++) {
        found = (await services(api.url)).find((s) => s.id === name);
        if (!found) await sleep(250);
      }
      let deleted = "-";
      if (found) {
        const del = await fetch(`${api.url}/api/my-lab/app?path=${name}`, { method: "DELETE" });
        await sleep(500);
        deleted = `${del.status}${(await services(api.url)).some((s) => s.id === name) ? " (still listed)" : ", gone"}`;
      }
      const complete =
        found === undefined
          ? "absent (nothing installed)"
          : found.friendlyName === `Killed at ${killMs} ms` && found.share === true
            ? "complete (friendly name and share kept)"
            : `INCOMPLETE (${JSON.stringify(found)})`;
      console.log(
        `kill at ${String(killMs).padStart(5)} ms (PUT answered ${status || "nothing"}, killed after ${killedAt.toFixed(0)} ms): ${complete}; delete ${deleted}`,
      );
      api.child.kill();
    }
  } finally {
    await deleteNamespaceFully(kube(), namespace).catch(() => undefined);
  }
  process.exit(0);
}

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();
