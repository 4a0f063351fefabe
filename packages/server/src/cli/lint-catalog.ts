// `npm run lint:catalog -- <repo URL or folder> [--latest]`: the catalog lint (core
// `lintChartSchema`) for a catalog author's CI. Exit code 1 when a chart has an error (Onyxia's web
// would throw on it), 0 with warnings only, 2 when the catalog cannot be read.
//
// The target is one of:
// - an http(s) Helm repository URL (index.yaml + archives, read by the server's catalog loader);
// - a packaged repository folder (index.yaml + .tgz), read the same way;
// - a chart folder (Chart.yaml), a folder of chart folders, or a folder with such a `charts/`
//   subfolder (chart sources: one version per chart, the one in its Chart.yaml).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  countFindings,
  lintChartSchema,
  withCatalogDefaults,
  type JSONSchema,
  type LintFinding,
} from "@onyxia-ts/core";
import { createLimiter } from "../catalogs/limiter.ts";
import { loadCatalog } from "../catalogs/load-catalog.ts";
import { createCatalogSource } from "../catalogs/sources.ts";

export interface ChartLint {
  chart: string;
  version: string;
  findings: LintFinding[];
}

export interface CatalogLintReport {
  /** What was read: "http(s) repository", "packaged repository folder", "chart sources". */
  kind: string;
  charts: ChartLint[];
  /** Chart versions that could not be read (bad archive, bad JSON): they count as errors. */
  problems: string[];
  lintMs: number;
}

export interface LintTargetOptions {
  /** Only the newest version of each chart (a repository's default is every version). */
  latestOnly?: boolean;
  timeoutMs?: number;
}

export async function lintCatalogTarget(
  target: string,
  options: LintTargetOptions = {},
): Promise<CatalogLintReport> {
  if (/^https?:\/\//i.test(target)) return lintRepository(target, "http(s) repository", options);
  if (!existsSync(target) || !statSync(target).isDirectory())
    throw new Error(`${target} is neither an http(s) URL nor a folder`);
  const sources = chartSourceFolders(target);
  if (sources.length > 0) return lintChartSources(sources);
  if (existsSync(path.join(target, "index.yaml")))
    return lintRepository(path.resolve(target), "packaged repository folder", options);
  throw new Error(
    `${target} holds no Chart.yaml, no chart folders, no charts/ folder and no index.yaml`,
  );
}

function chartSourceFolders(folder: string): string[] {
  if (existsSync(path.join(folder, "Chart.yaml"))) return [folder];
  const children = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "Chart.yaml")))
      .map((e) => path.join(dir, e.name))
      .sort();
  const direct = children(folder);
  if (direct.length > 0) return direct;
  const nested = path.join(folder, "charts");
  return existsSync(nested) && statSync(nested).isDirectory() ? children(nested) : [];
}

function lintChartSources(folders: string[]): CatalogLintReport {
  const charts: ChartLint[] = [];
  const problems: string[] = [];
  let lintMs = 0;
  for (const folder of folders) {
    let chart = path.basename(folder);
    let version = "?";
    try {
      const meta = parseYaml(readFileSync(path.join(folder, "Chart.yaml"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      } | null;
      if (typeof meta?.name === "string") chart = meta.name;
      if (meta?.version !== undefined) version = String(meta.version);
      const schemaFile = path.join(folder, "values.schema.json");
      const schema = existsSync(schemaFile)
        ? (JSON.parse(readFileSync(schemaFile, "utf8")) as JSONSchema)
        : null;
      const started = performance.now();
      charts.push({ chart, version, findings: lintChartSchema(schema) });
      lintMs += performance.now() - started;
    } catch (e) {
      problems.push(`${chart} ${version} (${folder}): ${(e as Error).message}`);
    }
  }
  return { kind: "chart sources", charts, problems, lintMs };
}

async function lintRepository(
  location: string,
  kind: string,
  options: LintTargetOptions,
): Promise<CatalogLintReport> {
  const config = withCatalogDefaults({
    id: "lint",
    location,
    multipleServicesMode: options.latestOnly ? "latest" : "all",
  });
  const source = createCatalogSource(config, {
    timeoutMs: options.timeoutMs ?? 30_000,
    caCertsDir: process.env["CACERTS_DIR"],
  });
  try {
    const result = await loadCatalog(config, source, undefined, createLimiter(8));
    const charts: ChartLint[] = [];
    const started = performance.now();
    for (const [chart, versions] of result.content.charts)
      for (const { entry, files } of versions)
        charts.push({
          chart,
          version: entry.version,
          findings: lintChartSchema(files.valuesSchema),
        });
    return {
      kind,
      charts,
      problems: result.problems.map((p) => p.message),
      lintMs: performance.now() - started,
    };
  } finally {
    await source.close();
  }
}

/** Readable text: one block per chart version with findings, then the totals. */
export function formatReport(target: string, report: CatalogLintReport): string {
  const lines: string[] = [];
  let errors = report.problems.length;
  let warnings = 0;
  for (const { chart, version, findings } of report.charts) {
    const counts = countFindings(findings);
    errors += counts.errors;
    warnings += counts.warnings;
    if (findings.length === 0) continue;
    lines.push(`${chart} ${version}`);
    for (const f of findings)
      lines.push(`  ${f.severity.padEnd(7)} ${f.pointer || "/"}`, `          ${f.message}`);
    lines.push("");
  }
  if (report.problems.length > 0) {
    lines.push("not readable (counted as errors)");
    for (const p of report.problems) lines.push(`  error   ${p}`);
    lines.push("");
  }
  const clean = report.charts.filter((c) => c.findings.length === 0).length;
  lines.push(
    `${target} (${report.kind}): ${report.charts.length} chart versions linted in ${Math.round(report.lintMs)} ms, ` +
      `${clean} clean; ${errors} errors, ${warnings} warnings`,
  );
  return lines.join("\n");
}

/** 1 when anything would make Onyxia's web throw (or could not be read), else 0. */
export function exitCodeOf(report: CatalogLintReport): number {
  if (report.problems.length > 0) return 1;
  return report.charts.some((c) => countFindings(c.findings).errors > 0) ? 1 : 0;
}

/** A repository URL as printed: never its user name or password. */
export function withoutCredentials(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    url.username = "";
    url.password = "";
    return url.href;
  } catch {
    return "(invalid URL)";
  }
}

const USAGE = "usage: npm run lint:catalog -- <repository URL or folder> [--latest]";

async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => a.startsWith("--"));
  const targets = argv.filter((a) => !a.startsWith("--"));
  const unknown = flags.filter((f) => f !== "--latest" && f !== "--help");
  if (flags.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (targets.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(", ")}\n${USAGE}` : USAGE);
    return 2;
  }
  const target = targets[0] as string;
  try {
    const report = await lintCatalogTarget(target, { latestOnly: flags.includes("--latest") });
    console.log(formatReport(withoutCredentials(target), report));
    return exitCodeOf(report);
  } catch (e) {
    console.error(`lint:catalog: ${(e as Error).message}`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
