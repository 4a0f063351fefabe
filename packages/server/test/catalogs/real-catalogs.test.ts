import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import {
  rewriteSharedIndex,
  sharedArchiveHandler,
  sharedCatalog,
  startServer,
  type TestServer,
} from "./fixtures.ts";

// The two real catalogs, served over HTTP with archives packed from the shared chart folders.
let servers: TestServer[] = [];
let runtime: CatalogRuntime;

beforeAll(async () => {
  const configs = [];
  for (const id of ["databases", "automation"] as const) {
    const { index, archives } = await sharedCatalog(id);
    let base = "";
    const text = () => rewriteSharedIndex(index, base);
    const server = await startServer(sharedArchiveHandler(text, archives));
    base = `${server.url}/`;
    servers.push(server);
    configs.push(
      withCatalogDefaults({
        id,
        location: server.url,
        highlightedCharts: id === "databases" ? ["postgresql", "elastic"] : ["argo-cd"],
        restrictions:
          id === "automation"
            ? [{ userAttribute: { key: "groups", matches: "automation-.*" } }]
            : [],
      }),
    );
  }
  runtime = createCatalogRuntime(configs);
  await runtime.start();
});

afterAll(async () => {
  await runtime.stop();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe("the real databases and automation catalogs", () => {
  it("load every chart's latest version with its schema and values", () => {
    expect(runtime.health().map((h) => [h.id, h.status])).toEqual([
      ["databases", "loaded"],
      ["automation", "loaded"],
    ]);
    expect(runtime.isHealthy()).toBe(true);
    expect(runtime.get("databases")?.content?.charts.size).toBe(22);
    expect(runtime.get("automation")?.content?.charts.size).toBe(9);
    const pg = runtime.getChartVersions("databases", "postgresql");
    expect(pg?.map((v) => v.entry.version)).toEqual(["1.0.12"]);
    expect(pg?.[0]?.files.valuesSchema?.properties).toBeDefined();
    expect(pg?.[0]?.files.valuesYaml).toBeTruthy();
    expect(runtime.getChart("databases", "postgresql", "1.0.11")).toBeUndefined();
  });

  it("serve latestPackages with dependencies, never entries, and hide restricted catalogs", () => {
    const anonymous = JSON.parse(runtime.catalogsJsonText(null));
    expect(anonymous.catalogs.map((c: { id: string }) => c.id)).toEqual(["databases"]);
    const pg = anonymous.catalogs[0].catalog.latestPackages.postgresql;
    expect(pg.dependencies.map((d: { name: string }) => d.name)).toEqual([
      "postgresql",
      "library-chart",
    ]);
    expect(typeof pg.defaultValues).toBe("string");
    expect(runtime.catalogsJsonText(null)).not.toContain('"entries"');

    const member = JSON.parse(runtime.catalogsJsonText({ groups: ["users", "automation-team"] }));
    expect(member.catalogs.map((c: { id: string }) => c.id)).toEqual(["databases", "automation"]);
    expect(Object.keys(member.catalogs[1].catalog.latestPackages)).toHaveLength(9);
    expect(runtime.catalogsJsonText({ groups: ["users"] })).toBe(runtime.catalogsJsonText(null));
  });
});
