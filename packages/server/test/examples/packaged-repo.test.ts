import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  chartArchive,
  ensurePackaged,
  examplesRepo,
  helm,
  readChartFile,
  readIndex,
  testChartsRepo,
} from "./example-repo.ts";

const EXAMPLE_CHARTS = ["dashboard", "postgres-lite", "vscode-lite"];

beforeAll(() => ensurePackaged());

describe("the packaged example repository", () => {
  it("indexes exactly the example charts, each with an icon, a tgz and a schema", () => {
    const entries = readIndex(examplesRepo);
    expect(Object.keys(entries).sort()).toStrictEqual(EXAMPLE_CHARTS);
    for (const name of EXAMPLE_CHARTS) {
      const [entry] = entries[name] ?? [];
      expect(entry?.icon).toMatch(/^data:image\/svg\+xml;base64,/);
      const archive = chartArchive(examplesRepo, name);
      expect(fs.existsSync(archive)).toBe(true);
      const schema = JSON.parse(readChartFile(archive, "values.schema.json")) as {
        properties: Record<string, unknown>;
      };
      expect(schema.properties).toHaveProperty("global");
      expect(readChartFile(archive, "README.md")).toContain(`# ${name}`);
    }
  });

  it("declares dashboard's dependency on postgres-lite with its condition and vendors it", () => {
    const [dashboard] = readIndex(examplesRepo).dashboard ?? [];
    expect(dashboard?.dependencies).toStrictEqual([
      {
        name: "postgres-lite",
        version: "1.2.0",
        repository: "file://../postgres-lite",
        condition: "postgres-lite.enabled",
      },
    ]);
    const archive = chartArchive(examplesRepo, "dashboard");
    expect(readChartFile(archive, "charts/postgres-lite/Chart.yaml")).toContain(
      "name: postgres-lite",
    );
  });

  it("keeps the test charts out of the default repository", () => {
    expect(readIndex(examplesRepo)).not.toHaveProperty("broken-render");
    expect(readIndex(examplesRepo)).not.toHaveProperty("notebook-lite");
    expect(Object.keys(readIndex(testChartsRepo)).sort()).toStrictEqual([
      "broken-render",
      "notebook-lite",
    ]);
  });

  it("is not rebuilt when the sources did not change", () => {
    const indexFile = path.join(examplesRepo, "index.yaml");
    const before = fs.statSync(indexFile).mtimeMs;
    ensurePackaged();
    expect(fs.statSync(indexFile).mtimeMs).toBe(before);
  });

  it.each(EXAMPLE_CHARTS)("helm lint --strict passes for %s", (name) => {
    const result = helm(["lint", "--strict", chartArchive(examplesRepo, name)]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    expect(result.status).toBe(0);
  });

  it("broken-render fails to render with its message", () => {
    const result = helm(["template", "x", chartArchive(testChartsRepo, "broken-render")]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "broken-render: this chart always fails to render (test chart)",
    );
  });
});
