import { describe, expect, it } from "vitest";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime } from "../../src/catalogs/index.ts";
import { buildArchives, indexYaml, repoHandler, startServer, writeFolderRepo } from "./fixtures.ts";
import { stoppedAfterEach } from "./cleanup.ts";

const track = stoppedAfterEach();

const versions = [
  { name: "db", version: "1.0.0" },
  { name: "db", version: "1.1.0" },
  { name: "web", version: "3.0.0" },
];

describe("an HTTP repository", () => {
  it("sends conditional requests: an unchanged index (304) is neither re-parsed nor re-downloaded", async () => {
    let index = indexYaml(versions);
    const archives = await buildArchives(versions);
    const server = track(await startServer(repoHandler({ index: () => index, archives })));
    const runtime = track(
      createCatalogRuntime([
        withCatalogDefaults({ id: "http", location: server.url, multipleServicesMode: "all" }),
      ]),
    );
    await runtime.start();
    expect(runtime.getChartVersions("http", "db")?.map((v) => v.entry.version)).toEqual([
      "1.1.0",
      "1.0.0",
    ]);
    const archiveRequests = () => server.requests.filter((r) => r.url.endsWith(".tgz")).length;
    expect(archiveRequests()).toBe(3);
    const firstContent = runtime.get("http")?.content;

    await runtime.refresh();
    const indexRequests = server.requests.filter((r) => r.url === "/index.yaml");
    expect(indexRequests.map((r) => r.status)).toEqual([200, 304]);
    expect(indexRequests[1]?.headers["if-none-match"]).toBeDefined();
    expect(archiveRequests()).toBe(3);
    expect(runtime.get("http")?.content).toBe(firstContent);

    // A new version: the index is re-read, only the new archive is downloaded.
    const more = [...versions, { name: "db", version: "1.2.0" }];
    index = indexYaml(more);
    (await buildArchives(more)).forEach((v, k) => archives.set(k, v));
    await runtime.refresh();
    expect(archiveRequests()).toBe(4);
    expect(runtime.getChartVersions("http", "db")?.[0]?.entry.version).toBe("1.2.0");
  });

  it("retries a chart that failed on the next refresh, without re-downloading the others", async () => {
    const archives = await buildArchives(versions);
    const serve = repoHandler({ index: () => indexYaml(versions), archives });
    let failWeb = true;
    const server = track(
      await startServer((req, res) => {
        if (failWeb && req.url === "/web-3.0.0.tgz") {
          res.statusCode = 503;
          res.end();
          return;
        }
        return serve(req, res);
      }),
    );
    const runtime = track(
      createCatalogRuntime([withCatalogDefaults({ id: "flaky", location: server.url })]),
    );
    await runtime.start();
    expect(runtime.get("flaky")?.problems).toEqual([
      `catalog "flaky": chart web 3.0.0: cannot download ${server.url}/web-3.0.0.tgz: GET ${server.url}/web-3.0.0.tgz answered HTTP 503`,
    ]);
    expect(runtime.getChartVersions("flaky", "web")).toBeUndefined();
    failWeb = false;
    await runtime.refresh();
    expect(runtime.getChartVersions("flaky", "web")).toHaveLength(1);
    expect(runtime.get("flaky")?.problems).toEqual([]);
    expect(server.requests.filter((r) => r.url === "/db-1.1.0.tgz")).toHaveLength(1);
  });

  it("uses Last-Modified when the server has no ETag", async () => {
    const archives = await buildArchives(versions);
    const lastModified = new Date(Date.UTC(2026, 0, 1)).toUTCString();
    const server = track(
      await startServer((req, res) => {
        if (req.url === "/index.yaml") {
          res.setHeader("last-modified", lastModified);
          if (req.headers["if-modified-since"] === lastModified) {
            res.statusCode = 304;
            res.end();
            return;
          }
        }
        return repoHandler({ index: () => indexYaml(versions), archives, etag: false })(req, res);
      }),
    );
    const runtime = track(
      createCatalogRuntime([withCatalogDefaults({ id: "lm", location: server.url })]),
    );
    await runtime.start();
    await runtime.refresh();
    expect(server.requests.filter((r) => r.url === "/index.yaml").map((r) => r.status)).toEqual([
      200, 304,
    ]);
  });

  it("requires basic auth: wrong credentials fail clearly, good ones load; credentials never leak", async () => {
    const archives = await buildArchives(versions);
    const expected = `Basic ${Buffer.from("alice:right-pass").toString("base64")}`;
    const serve = repoHandler({ index: () => indexYaml(versions), archives });
    const server = track(
      await startServer((req, res) => {
        if (req.headers.authorization !== expected) {
          res.statusCode = 401;
          res.setHeader("www-authenticate", 'Basic realm="charts"');
          res.end();
          return;
        }
        return serve(req, res);
      }),
    );
    const config = (id: string, password: string) =>
      withCatalogDefaults({ id, location: server.url, username: "alice", password });
    const logs: string[] = [];
    const logger = {
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    };
    const runtime = track(
      createCatalogRuntime([config("wrong", "wrong-pass"), config("right", "right-pass")], {
        logger,
      }),
    );
    await runtime.start();
    const [wrong, right] = runtime.health();
    expect(wrong?.status).toBe("failed");
    expect(wrong?.error).toBe(
      `catalog "wrong": cannot fetch ${server.url}/index.yaml: GET ${server.url}/index.yaml answered HTTP 401 (check the catalog's username and password)`,
    );
    expect(right?.status).toBe("loaded");
    expect(runtime.getChartVersions("right", "web")).toHaveLength(1);
    const served = runtime.catalogsJsonText(null);
    expect(served).toContain('"id":"right"');
    expect(served).not.toContain("pass");
    expect(logs.some((m) => m.includes('catalog "wrong"'))).toBe(true);
    expect(logs.filter((m) => m.includes("pass") && !m.includes("password"))).toEqual([]);
    expect(served).not.toContain("alice");
  });

  it("sends credentials to the catalog's origin only, not to another chart host", async () => {
    const archives = await buildArchives(versions);
    const chartHost = track(await startServer(repoHandler({ index: () => "", archives })));
    const repo = track(
      await startServer(
        repoHandler({ index: () => indexYaml(versions, `${chartHost.url}/`), archives }),
      ),
    );
    const runtime = track(
      createCatalogRuntime([
        withCatalogDefaults({ id: "x", location: repo.url, username: "u", password: "p" }),
      ]),
    );
    await runtime.start();
    expect(runtime.health()[0]?.status).toBe("loaded");
    expect(repo.requests[0]?.headers.authorization).toBeDefined();
    expect(chartHost.requests.length).toBeGreaterThan(0);
    expect(chartHost.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe("bad input never takes the other catalogs down", () => {
  it("malformed index, non-gzip archive and a server that never answers each get a clear error", async () => {
    const good = await writeFolderRepo([{ name: "ok", version: "1.0.0" }]);
    const badIndex = track(await startServer((_req, res) => void res.end("entries:\n  - : : [")));
    const notGzipVersions = [
      {
        name: "postgresql",
        version: "1.2.3",
        rawArchive: Buffer.from("PK\u0003\u0004 this is a zip, not a tgz"),
      },
      { name: "fine", version: "1.0.0" },
    ];
    const notGzip = track(
      await startServer(
        repoHandler({
          index: () => indexYaml(notGzipVersions),
          archives: await buildArchives(notGzipVersions),
        }),
      ),
    );
    const silent = track(await startServer(() => undefined)); // accepts, never answers
    const runtime = track(
      createCatalogRuntime(
        [
          withCatalogDefaults({ id: "good", location: good }),
          withCatalogDefaults({ id: "malformed", location: badIndex.url }),
          withCatalogDefaults({ id: "databases", location: notGzip.url }),
          withCatalogDefaults({ id: "silent", location: silent.url }),
        ],
        { fetchTimeoutMs: 300 },
      ),
    );
    const started = Date.now();
    await runtime.start();
    expect(Date.now() - started).toBeLessThan(5_000);

    const health = Object.fromEntries(runtime.health().map((h) => [h.id, h]));
    expect(health["good"]?.status).toBe("loaded");
    expect(health["malformed"]).toMatchObject({ status: "failed", lastUpdateTime: 0 });
    expect(health["malformed"]?.error).toMatch(
      /^catalog "malformed": index.yaml is not valid YAML/,
    );
    expect(health["silent"]?.status).toBe("failed");
    expect(health["silent"]?.error).toBe(
      `catalog "silent": cannot fetch ${silent.url}/index.yaml: no answer within 300 ms`,
    );
    expect(health["databases"]?.status).toBe("loaded");
    expect(runtime.get("databases")?.problems).toEqual([
      'catalog "databases": chart postgresql 1.2.3: archive is not gzip',
    ]);
    expect(runtime.getChartVersions("databases", "fine")).toHaveLength(1);
    expect(runtime.isHealthy()).toBe(false);

    // Every catalog is still listed; the failed ones with no packages and lastUpdateTime 0.
    const served = JSON.parse(runtime.catalogsJsonText(null)) as {
      catalogs: { id: string; lastUpdateTime: number; catalog: { latestPackages: object } }[];
    };
    expect(served.catalogs.map((c) => c.id)).toEqual(["good", "malformed", "databases", "silent"]);
    expect(Object.keys(served.catalogs[0]?.catalog.latestPackages ?? {})).toEqual(["ok"]);
    expect(served.catalogs[3]?.lastUpdateTime).toBe(0);
  });
});
