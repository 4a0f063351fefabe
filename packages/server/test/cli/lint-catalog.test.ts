import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  exitCodeOf,
  formatReport,
  lintCatalogTarget,
  withoutCredentials,
  type CatalogLintReport,
} from "../../src/cli/lint-catalog.ts";
import {
  buildArchives,
  indexYaml,
  repoHandler,
  sharedArchiveHandler,
  rewriteSharedIndex,
  sharedCatalog,
  startServer,
  type FixtureVersion,
  type TestServer,
} from "../catalogs/fixtures.ts";
import { SHARED_CATALOGS_DIR } from "../../../../testing/shared-dir.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const examples = path.join(root, "catalogs/examples");
const servers: TestServer[] = [];
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const flat = (report: CatalogLintReport) =>
  report.charts
    .flatMap((c) => c.findings.map((f) => `${c.chart} ${c.version} ${f.severity} ${f.pointer}`))
    .sort();

const badSchema = JSON.stringify({
  type: "object",
  properties: { port: { type: "integer", default: 80, sliderMin: 1, sliderMax: 9 } },
});
const badChart = (version: string): FixtureVersion => ({
  name: "bad",
  version,
  files: {
    "Chart.yaml": `apiVersion: v2\nname: bad\nversion: ${version}\n`,
    "values.schema.json": badSchema,
  },
});

describe("lint:catalog", () => {
  it("lints our example chart sources and their packaged repository alike: warnings only, exit 0", async () => {
    const sources = await lintCatalogTarget(examples);
    const packaged = await lintCatalogTarget(path.join(examples, "repo"));
    expect(sources.kind).toBe("chart sources");
    expect(packaged.kind).toBe("packaged repository folder");
    expect(sources.charts.map((c) => `${c.chart} ${c.version}`)).toEqual([
      "dashboard 0.3.0",
      "postgres-lite 1.2.0",
      "vscode-lite 1.0.0",
    ]);
    expect(flat(sources)).toEqual([
      "vscode-lite 1.0.0 warning /properties/networking/x-onyxia/overwriteSchemaWith",
      "vscode-lite 1.0.0 warning /properties/s3/properties/workingDirectoryPath/x-onyxia/overwriteDefaultWith",
    ]);
    expect(flat(packaged)).toEqual(flat(sources));
    expect(exitCodeOf(sources)).toBe(0);
    expect(formatReport("examples", sources)).toMatch(
      /^vscode-lite 1\.0\.0\n {2}warning \/properties\/networking\/x-onyxia\/overwriteSchemaWith\n[\s\S]*examples \(chart sources\): 3 chart versions linted in \d+ ms, 2 clean; 0 errors, 2 warnings$/,
    );
  });

  it("lints every version of an http(s) repository, and exits 1 on an error", async () => {
    const versions = [badChart("1.0.0"), badChart("2.0.0"), { name: "ok", version: "0.1.0" }];
    const archives = await buildArchives(versions);
    const server = await startServer(repoHandler({ index: () => indexYaml(versions), archives }));
    servers.push(server);
    const report = await lintCatalogTarget(server.url);
    expect(report.kind).toBe("http(s) repository");
    expect(flat(report)).toEqual([
      "bad 1.0.0 error /properties/port",
      "bad 2.0.0 error /properties/port",
    ]);
    expect(exitCodeOf(report)).toBe(1);
    const latest = await lintCatalogTarget(server.url, { latestOnly: true });
    expect(latest.charts.map((c) => `${c.chart} ${c.version}`).sort()).toEqual([
      "bad 2.0.0",
      "ok 0.1.0",
    ]);
    const text = formatReport(server.url, report);
    expect(text).toContain(
      "bad 1.0.0\n  error   /properties/port\n          port: a slider must be",
    );
    expect(text).toMatch(/3 chart versions linted in \d+ ms, 1 clean; 2 errors, 0 warnings$/);
  });

  it("lints a shared catalog served over http with the published index", async () => {
    const { index, archives } = await sharedCatalog("automation");
    let base = "";
    const server = await startServer(
      sharedArchiveHandler(() => rewriteSharedIndex(index, base), archives),
    );
    base = `${server.url}/`;
    servers.push(server);
    const report = await lintCatalogTarget(server.url, { latestOnly: true });
    expect(report.problems).toEqual([]);
    expect(report.charts).toHaveLength(9);
    expect(exitCodeOf(report)).toBe(0);
    // The same warnings as the chart folders (core test real-charts.test.ts lists them).
    const folders = await lintCatalogTarget(path.join(SHARED_CATALOGS_DIR, "automation"));
    expect(flat(report).map((l) => l.replace(/^(\S+) \S+/, "$1"))).toEqual(
      flat(folders).map((l) => l.replace(/^(\S+) \S+/, "$1")),
    );
  });

  it("reports an unreadable schema as an error and never prints repository credentials", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lint-catalog-"));
    temps.push(dir);
    mkdirSync(path.join(dir, "broken"));
    writeFileSync(path.join(dir, "broken/Chart.yaml"), "name: broken\nversion: 0.0.1\n");
    writeFileSync(path.join(dir, "broken/values.schema.json"), "{ not json");
    const report = await lintCatalogTarget(dir);
    expect(report.problems).toEqual([expect.stringMatching(/^broken 0\.0\.1 \(.*\): .*JSON/)]);
    expect(exitCodeOf(report)).toBe(1);
    expect(withoutCredentials("https://alice:s3cret@charts.example.org/repo")).toBe(
      "https://charts.example.org/repo",
    );
    await expect(lintCatalogTarget(path.join(dir, "missing"))).rejects.toThrow(
      /is neither an http\(s\) URL nor a folder/,
    );
  });

  it("runs as a command: grouped output and exit code 1 on errors, 2 on a bad target", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lint-catalog-"));
    temps.push(dir);
    mkdirSync(path.join(dir, "bad"));
    writeFileSync(path.join(dir, "bad/Chart.yaml"), "name: bad\nversion: 1.0.0\n");
    writeFileSync(path.join(dir, "bad/values.schema.json"), badSchema);
    const run = async (args: string[]) => {
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ["--import", "tsx", path.join(root, "packages/server/src/cli/lint-catalog.ts"), ...args],
          { cwd: root },
        );
        return { code: 0, stdout, stderr: "" };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    };
    const bad = await run([dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^bad 1\.0\.0\n {2}error {3}\/properties\/port\n/);
    const usage = await run([path.join(dir, "nothing-here")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("is neither an http(s) URL nor a folder");
  });
});
