import { describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime } from "../../src/catalogs/index.ts";
import {
  buildArchives,
  indexYaml,
  repoHandler,
  startServer,
  type FixtureVersion,
} from "./fixtures.ts";
import { stoppedAfterEach } from "./cleanup.ts";

const use = stoppedAfterEach();
const versionsOf = (count: number): FixtureVersion[] =>
  Array.from({ length: count }, (_, i) => ({ name: "app", version: `1.${i}.0` }));

describe("the catalog runtime", () => {
  it("never downloads more archives at once than maxConcurrentDownloads", async () => {
    const versions = versionsOf(12);
    const serve = repoHandler({
      index: () => indexYaml(versions),
      archives: await buildArchives(versions),
    });
    let inFlight = 0;
    let maxInFlight = 0;
    const server = use(
      await startServer(async (req, res) => {
        if (!req.url?.endsWith(".tgz")) return serve(req, res);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(30);
        inFlight--;
        return serve(req, res);
      }),
    );
    const runtime = use(
      createCatalogRuntime(
        [withCatalogDefaults({ id: "c", location: server.url, multipleServicesMode: "all" })],
        { maxConcurrentDownloads: 3 },
      ),
    );
    await runtime.start();
    expect(runtime.getChartVersions("c", "app")).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });

  it("swaps snapshots atomically: a refresh in progress never shows a half-loaded catalog", async () => {
    let versions = versionsOf(2);
    const archives = await buildArchives(versionsOf(6));
    const serve = repoHandler({ index: () => indexYaml(versions), archives });
    let release: () => void = () => {};
    let gate: Promise<void> | undefined = undefined;
    const server = use(
      await startServer(async (req, res) => {
        if (gate !== undefined && req.url?.endsWith(".tgz")) await gate;
        return serve(req, res);
      }),
    );
    const runtime = use(
      createCatalogRuntime([
        withCatalogDefaults({ id: "c", location: server.url, multipleServicesMode: "all" }),
      ]),
    );
    await runtime.start();
    const before = runtime.get("c");
    const textBefore = runtime.catalogsJsonText(null);

    versions = versionsOf(6);
    gate = new Promise((resolve) => (release = resolve));
    const refreshing = runtime.refresh();
    while (
      !server.requests.some(
        (r) => r.url === "/index.yaml" && r.status === 200 && r !== server.requests[0],
      )
    ) {
      await sleep(5);
    }
    await sleep(20); // archives are being requested, none answered
    expect(runtime.get("c")).toBe(before);
    expect(runtime.getChartVersions("c", "app")).toHaveLength(2);
    expect(runtime.catalogsJsonText(null)).toBe(textBefore);

    release();
    await refreshing;
    expect(runtime.getChartVersions("c", "app")?.map((v) => v.entry.version)).toEqual([
      "1.5.0",
      "1.4.0",
      "1.3.0",
      "1.2.0",
      "1.1.0",
      "1.0.0",
    ]);
    expect(runtime.catalogsJsonText(null)).not.toBe(textBefore);
  });

  it("refreshes every refreshMs until stopped", async () => {
    const versions = versionsOf(1);
    const server = use(
      await startServer(
        repoHandler({ index: () => indexYaml(versions), archives: await buildArchives(versions) }),
      ),
    );
    const runtime = createCatalogRuntime([withCatalogDefaults({ id: "c", location: server.url })], {
      refreshMs: 50,
    });
    await runtime.start();
    await sleep(300);
    await runtime.stop();
    const indexReads = () => server.requests.filter((r) => r.url === "/index.yaml").length;
    const afterStop = indexReads();
    expect(afterStop).toBeGreaterThanOrEqual(3);
    await sleep(150);
    expect(indexReads()).toBe(afterStop);
  });

  it("stops promptly even while a repository is not answering", async () => {
    const silent = use(await startServer(() => undefined));
    const runtime = createCatalogRuntime(
      [withCatalogDefaults({ id: "slow", location: silent.url })],
      {
        fetchTimeoutMs: 30_000,
      },
    );
    const starting = runtime.start();
    await sleep(100); // the index request is sent and waits for an answer
    expect(runtime.health()[0]?.status).toBe("loading");
    const stopping = Date.now();
    await runtime.stop();
    await starting;
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(runtime.health()[0]?.status).toBe("failed");
    await runtime.refresh(); // a stopped runtime does not load again
    expect(runtime.health()[0]?.status).toBe("failed");
  });

  it("calls afterChange after a load that changed a catalog, not after an unchanged refresh or a failure", async () => {
    let versions = versionsOf(1);
    const archives = await buildArchives(versionsOf(2));
    const server = use(
      await startServer(repoHandler({ index: () => indexYaml(versions), archives })),
    );
    let changes = 0;
    const runtime = use(
      createCatalogRuntime(
        [
          withCatalogDefaults({ id: "c", location: server.url }),
          withCatalogDefaults({ id: "gone", location: `${server.url}/missing` }),
        ],
        { afterChange: () => changes++ },
      ),
    );
    await runtime.start();
    expect(runtime.health().map((h) => h.status)).toEqual(["loaded", "failed"]);
    expect(changes).toBe(1);

    await runtime.refresh(); // the index answers 304: nothing changed
    expect(server.requests.filter((r) => r.status === 304).map((r) => r.url)).toEqual([
      "/index.yaml",
    ]);
    expect(changes).toBe(1);

    versions = versionsOf(2);
    await runtime.refresh();
    expect(runtime.getChartVersions("c", "app")?.[0]?.entry.version).toBe("1.1.0");
    expect(changes).toBe(2);
  });

  it("rejects two catalogs with the same id", () => {
    const c = withCatalogDefaults({ id: "twice", location: "/nowhere" });
    expect(() => createCatalogRuntime([c, c])).toThrow('catalog "twice" is configured twice');
  });
});
