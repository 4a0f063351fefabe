// The catalog loader process (catalogs/loader-process.ts, what the server runs): the same catalogs
// as a load in the test's own process, the archives the server holds reused across refreshes, a
// process that dies reported as a failed load, and no process left once a load is done.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { withCatalogDefaults, type CatalogConfig } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import type { CatalogRuntimeOptions } from "../../src/catalogs/runtime.ts";
import {
  buildArchives,
  indexYaml,
  repoHandler,
  startServer,
  type FixtureVersion,
  type TestServer,
} from "./fixtures.ts";
import { stoppedAfterEach } from "./cleanup.ts";

const loaderProcess = {
  entry: new URL("../../src/catalogs/loader-process.ts", import.meta.url),
  execArgv: ["--import", "tsx"],
};

const use = stoppedAfterEach();

/** The loader processes this test process started and that still run. */
function loaderProcesses(): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], {
      encoding: "utf8",
    });
  } catch {
    return []; // ps exits 1 when there is no such process
  }
  return out
    .split("\n")
    .filter((line) => line.includes("catalog loader") || line.includes("loader-process"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A schema with one lint error (an integer slider) and one warning, shared by two versions.
const linted = JSON.stringify({
  type: "object",
  properties: {
    replicas: { type: "integer", default: 1, sliderMin: 1, sliderMax: 3, sliderStep: 1 },
    bucket: { type: "string", "x-onyxia": { overwriteDefaultWith: "s3.AWS_BUCKET_NAME" } },
  },
});
const withSchema = (name: string, version: string, schema: string): FixtureVersion => ({
  name,
  version,
  files: {
    "Chart.yaml": `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
    "values.yaml": "replicas: 1\n",
    "values.schema.json": schema,
  },
});
const versions: FixtureVersion[] = [
  withSchema("app", "1.0.0", linted),
  withSchema("app", "1.1.0", linted),
  {
    name: "notebook",
    version: "2.0.0",
    extra: {
      annotations: {
        "onyxia-ts.dev/activity-path": "/api/status",
        "onyxia-ts.dev/activity-port": "8888",
      },
    },
  },
  { name: "broken", version: "0.1.0", rawArchive: Buffer.from("not a gzip archive") },
];

function recordingLogger() {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, logger: { info: push("info"), warn: push("warn"), error: push("error") } };
}

async function runtimeOn(
  server: TestServer,
  options: CatalogRuntimeOptions,
  config: Partial<CatalogConfig> = {},
): Promise<CatalogRuntime> {
  return use(
    createCatalogRuntime(
      [
        withCatalogDefaults({
          id: "c",
          location: server.url,
          multipleServicesMode: "all",
          ...config,
        }),
      ],
      options,
    ),
  );
}

describe("the catalog loader process", () => {
  it("reads what a load in this process reads: charts, files, activity, problems, lint and its log lines", async () => {
    const server = use(
      await startServer(
        repoHandler({ index: () => indexYaml(versions), archives: await buildArchives(versions) }),
      ),
    );
    const here = recordingLogger();
    const there = recordingLogger();
    const inProcess = await runtimeOn(server, { logger: here.logger });
    const isolated = await runtimeOn(server, { logger: there.logger, loaderProcess });
    await inProcess.start();
    await isolated.start();

    const [a, b] = [inProcess.get("c"), isolated.get("c")];
    expect(b?.status).toBe("loaded");
    expect(b?.content?.charts.size).toBe(2);
    expect(b?.content).toEqual(a?.content);
    expect(b?.problems).toEqual(a?.problems);
    expect(b?.problems).toEqual([
      expect.stringMatching(/^catalog "c": chart broken 0\.1\.0: archive is not gzip/),
    ]);
    const untimedJson = (text = "") => text.replace(/"lastUpdateTime":\d+/, "");
    expect(untimedJson(b?.jsonText)).toBe(untimedJson(a?.jsonText));
    expect(isolated.getChart("c", "notebook", "2.0.0")?.activity).toMatchObject({
      path: "/api/status",
      port: 8888,
    });
    // Versions that ship the same schema still share one parsed copy after the trip.
    const [v11, v10] = isolated.getChartVersions("c", "app") ?? [];
    expect(v11?.files.valuesSchema).toBe(v10?.files.valuesSchema);
    expect(isolated.health()[0]?.lint).toEqual({ errors: 2, warnings: 2, chartVersions: 2 });
    expect(isolated.health()[0]?.lint).toEqual(inProcess.health()[0]?.lint);
    // The same warnings, and the lint's summary line, minus timings.
    const untimed = (lines: string[]) => lines.map((l) => l.replace(/ in \d+ ms/, "")).sort();
    expect(untimed(there.lines)).toEqual(untimed(here.lines));
  });

  it("refreshes conditionally and downloads only new archives; the ones the server holds stay the same objects", async () => {
    // Without the broken chart: after a partial load the next refresh is unconditional.
    const good = versions.filter((v) => v.name !== "broken");
    let index = indexYaml(good);
    const archives = await buildArchives(good);
    const server = use(await startServer(repoHandler({ index: () => index, archives })));
    const { lines, logger } = recordingLogger();
    const runtime = await runtimeOn(server, { logger, loaderProcess });
    await runtime.start();
    const archiveRequests = () => server.requests.filter((r) => r.url.endsWith(".tgz")).length;
    expect(archiveRequests()).toBe(3);
    const first = runtime.get("c")?.content;
    const oldFiles = runtime.getChart("c", "app", "1.0.0")?.files;

    await runtime.refresh();
    expect(server.requests.filter((r) => r.url === "/index.yaml").map((r) => r.status)).toEqual([
      200, 304,
    ]);
    expect(runtime.get("c")?.content).toBe(first);

    const more = [...good, withSchema("app", "1.2.0", linted)];
    index = indexYaml(more);
    (await buildArchives(more)).forEach((v, k) => archives.set(k, v));
    await runtime.refresh();
    expect(archiveRequests()).toBe(4);
    expect(runtime.getChartVersions("c", "app")?.map((v) => v.entry.version)).toEqual([
      "1.2.0",
      "1.1.0",
      "1.0.0",
    ]);
    expect(runtime.getChart("c", "app", "1.0.0")?.files).toBe(oldFiles);
    // Only the new version's findings are logged again; the health counts all three.
    expect(lines.filter((l) => l.includes("chart app 1.0.0: lint"))).toHaveLength(2);
    expect(lines.filter((l) => l.includes("chart app 1.2.0: lint"))).toHaveLength(2);
    expect(runtime.health()[0]?.lint).toEqual({ errors: 3, warnings: 3, chartVersions: 3 });
  });

  it("leaves no process behind once a load is done", async () => {
    const server = use(
      await startServer(
        repoHandler({ index: () => indexYaml(versions), archives: await buildArchives(versions) }),
      ),
    );
    const runtime = await runtimeOn(server, { loaderProcess });
    await runtime.start();
    expect(runtime.get("c")?.status).toBe("loaded");
    await waitFor(() => loaderProcesses().length === 0, "the loader process to exit");
  });

  it("reports a loader process that dies as a failed load, keeps serving the previous content, and starts a new one next time", async () => {
    let index = indexYaml(versions);
    const archives = await buildArchives(versions);
    const serve = repoHandler({ index: () => index, archives });
    let stall = false;
    let stalled = false;
    const server = use(
      await startServer(async (req, res) => {
        if (stall && req.url?.endsWith(".tgz")) {
          stalled = true;
          while (stall) await sleep(20);
        }
        return serve(req, res);
      }),
    );
    const { lines, logger } = recordingLogger();
    const runtime = await runtimeOn(server, { logger, loaderProcess });
    await runtime.start();
    const before = runtime.get("c")?.content;

    index = indexYaml([...versions, withSchema("app", "1.3.0", linted)]);
    stall = true;
    const refreshing = runtime.refresh();
    await waitFor(() => stalled, "the archive download to start");
    const [pid] = loaderProcesses();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, "SIGKILL");
    await refreshing;
    stall = false;

    const health = runtime.health()[0];
    expect(health?.status).toBe("loaded");
    expect(health?.error).toBe(
      'catalog "c": the catalog loader process exited (SIGKILL) before answering',
    );
    expect(lines).toContain(
      'error catalog "c": the catalog loader process exited (SIGKILL) before answering (keeping the previous version)',
    );
    expect(runtime.get("c")?.content).toBe(before);

    (await buildArchives([withSchema("app", "1.3.0", linted)])).forEach((v, k) =>
      archives.set(k, v),
    );
    await runtime.refresh();
    expect(runtime.health()[0]?.error).toBeUndefined();
    expect(runtime.getChartVersions("c", "app")?.[0]?.entry.version).toBe("1.3.0");
  });

  it("reports a catalog that cannot be read with the same message as in this process", async () => {
    const server = use(
      await startServer((_req, res) => {
        res.statusCode = 500;
        res.end();
      }),
    );
    const inProcess = await runtimeOn(server, {});
    const isolated = await runtimeOn(server, { loaderProcess });
    await Promise.all([inProcess.start(), isolated.start()]);
    expect(isolated.health()[0]?.status).toBe("failed");
    expect(isolated.health()[0]?.error).toMatch(/^catalog "c": cannot fetch .*index\.yaml/);
    expect(isolated.health()[0]?.error).toBe(inProcess.health()[0]?.error);
  });
});
