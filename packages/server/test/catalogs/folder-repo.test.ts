import { afterEach, describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import { buildChartTgz, writeFolderRepo } from "./fixtures.ts";

let runtime: CatalogRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const subchartFirst = async () =>
  // The subchart's files come first in the archive: they must not be taken for the top chart's.
  buildChartTgz("app", {
    "charts/sub/values.yaml": "sub: true\n",
    "charts/sub/values.schema.json": '{"title":"sub"}',
    "charts/sub/Chart.yaml": "name: sub\n",
    "templates/deployment.yaml": "kind: Deployment\n",
    "values.yaml": "top: true\n",
    "values.schema.json": '{"title":"top","type":"object"}',
    "Chart.yaml": "apiVersion: v2\nname: app\nversion: 2.0.0\n",
    "README.md": "# App\n",
  });

describe("a local folder repository", () => {
  it("loads from a path and from a file:// URL, reading only the top chart's files", async () => {
    const dir = await writeFolderRepo([
      { name: "app", version: "1.0.0" },
      { name: "app", version: "2.0.0", rawArchive: await subchartFirst() },
      { name: "app", version: "2.0.0-rc.1" },
      { name: "other", version: "0.1.0" },
    ]);
    for (const location of [dir, pathToFileURL(dir).href]) {
      runtime = createCatalogRuntime([
        withCatalogDefaults({ id: "local", location, multipleServicesMode: "all" }),
      ]);
      await runtime.start();
      expect(runtime.health()).toEqual([
        {
          id: "local",
          status: "loaded",
          lastUpdateTime: expect.any(Number),
          lint: { errors: 0, warnings: 0, chartVersions: 0 },
        },
      ]);
      expect(runtime.getChartVersions("local", "app")?.map((v) => v.entry.version)).toEqual([
        "2.0.0",
        "2.0.0-rc.1",
        "1.0.0",
      ]);
      const top = runtime.getChart("local", "app", "2.0.0");
      expect(top?.files).toEqual({
        valuesSchema: { title: "top", type: "object" },
        valuesYaml: "top: true\n",
      });
      const served = JSON.parse(runtime.catalogsJsonText(null));
      expect(served.catalogs[0].catalog.latestPackages.app.defaultValues).toBe("top: true\n");
      expect(JSON.parse(runtime.get("local")?.chartVersionsJsonText("app") ?? "[]")).toHaveLength(
        3,
      );
      await runtime.stop();
    }
  });

  it("keeps one parsed schema per distinct values.schema.json among a catalog's versions", async () => {
    const dir = await writeFolderRepo([
      { name: "app", version: "1.0.0" },
      { name: "app", version: "1.1.0" },
      { name: "app", version: "2.0.0", rawArchive: await subchartFirst() },
      { name: "other", version: "0.1.0" },
    ]);
    runtime = createCatalogRuntime([
      withCatalogDefaults({ id: "local", location: dir, multipleServicesMode: "all" }),
    ]);
    await runtime.start();
    const files = (chart: string, version: string) =>
      runtime?.getChart("local", chart, version)?.files;
    // Same text (the fixtures' default schema): one object, also across charts.
    expect(files("app", "1.0.0")?.valuesSchema).toEqual({
      type: "object",
      properties: { replicas: { type: "integer" } },
    });
    expect(files("app", "1.1.0")?.valuesSchema).toBe(files("app", "1.0.0")?.valuesSchema);
    expect(files("other", "0.1.0")?.valuesSchema).toBe(files("app", "1.0.0")?.valuesSchema);
    // Another text: its own.
    expect(files("app", "2.0.0")?.valuesSchema).toEqual({ title: "top", type: "object" });
    // values.yaml differs by version here: each keeps its own text.
    expect(files("app", "1.1.0")?.valuesYaml).toBe('replicas: 1\nversion: "1.1.0"\n');
  });

  it("keeps the previous good content when the index turns bad, and says why", async () => {
    const dir = await writeFolderRepo([{ name: "app", version: "1.0.0" }]);
    runtime = createCatalogRuntime([withCatalogDefaults({ id: "local", location: dir })]);
    await runtime.start();
    const before = runtime.get("local");
    writeFileSync(path.join(dir, "index.yaml"), "entries: [not: closed");
    await runtime.refresh();
    const after = runtime.get("local");
    expect(after?.status).toBe("loaded");
    expect(after?.error).toMatch(/^catalog "local": index.yaml is not valid YAML/);
    expect(after?.lastUpdateTime).toBe(before?.lastUpdateTime);
    expect(runtime.getChart("local", "app", "1.0.0")?.files.valuesYaml).toContain("replicas");
  });

  it("refuses chart urls that leave the catalog folder", async () => {
    const dir = await writeFolderRepo([{ name: "app", version: "1.0.0" }]);
    writeFileSync(
      path.join(dir, "index.yaml"),
      "entries:\n  app:\n  - {name: app, version: 1.0.0, urls: [../../etc/passwd]}\n",
    );
    runtime = createCatalogRuntime([withCatalogDefaults({ id: "local", location: dir })]);
    await runtime.start();
    expect(runtime.get("local")?.problems).toEqual([
      'catalog "local": chart app 1.0.0: chart url ../../etc/passwd points outside the catalog folder',
    ]);
  });
});
