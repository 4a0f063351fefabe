// Test helpers around the packaged example repository and the pinned helm binary.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse, parseAllDocuments } from "yaml";
import { readTarEntries } from "../../../../scripts/lib/tgz.mjs";
import { helmBinary } from "../../src/tools/index.ts";

export const repoRoot = path.resolve(import.meta.dirname, "../../../..");
export const examplesRepo = path.join(repoRoot, "catalogs/examples/repo");
export const testChartsRepo = path.join(repoRoot, "catalogs/test-charts/repo");

/** Runs scripts/package-examples.mjs (a no-op when the repo is up to date). */
export function ensurePackaged(): void {
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/package-examples.mjs")], {
    stdio: "pipe",
  });
}

interface IndexEntry {
  name: string;
  version: string;
  icon?: string;
  urls: string[];
  dependencies?: { name: string; condition?: string; repository: string }[];
}

export function readIndex(repo: string): Record<string, IndexEntry[]> {
  const index = parse(fs.readFileSync(path.join(repo, "index.yaml"), "utf8")) as {
    entries: Record<string, IndexEntry[]>;
  };
  return index.entries;
}

export function chartArchive(repo: string, name: string): string {
  const entry = readIndex(repo)[name]?.[0];
  if (!entry?.urls[0]) throw new Error(`chart ${name} is not in ${repo}/index.yaml`);
  return path.join(repo, entry.urls[0]);
}

// A private Helm home, so tests neither read nor write the user's Helm config.
const helmHome = fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-helm-test-"));
const helmEnv = {
  ...process.env,
  HELM_CACHE_HOME: path.join(helmHome, "cache"),
  HELM_CONFIG_HOME: path.join(helmHome, "config"),
  HELM_DATA_HOME: path.join(helmHome, "data"),
};

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmResult {
  const result = spawnSync(helmBinary(), args, { env: helmEnv, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** `helm template` of a chart; throws with helm's stderr when rendering fails. */
export function renderManifests(
  chart: string,
  release: string,
  extraArgs: string[] = [],
): Manifest[] {
  const result = helm(["template", release, chart, "--namespace", "user-alice", ...extraArgs]);
  if (result.status !== 0) throw new Error(`helm template ${chart} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** Extracts a chart archive into a new temporary directory; returns the chart directory. */
export function extractChart(archive: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-chart-"));
  for (const entry of readTarEntries(gunzipSync(fs.readFileSync(archive)))) {
    if (entry.type !== "0" && entry.type !== "\0") continue;
    const destination = path.resolve(target, entry.name);
    if (!destination.startsWith(target + path.sep))
      throw new Error(`unsafe path in ${archive}: ${entry.name}`);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, entry.content);
  }
  const [chartDirectory] = fs.readdirSync(target);
  if (chartDirectory === undefined) throw new Error(`${archive} is empty`);
  return path.join(target, chartDirectory);
}

export function readChartFile(archive: string, file: string): string {
  for (const entry of readTarEntries(gunzipSync(fs.readFileSync(archive)))) {
    if (entry.name.split("/").slice(1).join("/") === file) return entry.content.toString("utf8");
  }
  throw new Error(`${archive} has no ${file}`);
}

/**
 * Renders a chart's NOTES.txt. `helm install --dry-run` still wants a cluster in Helm 3.18, so
 * the NOTES are wrapped into a named template and emitted through a probe ConfigMap: same
 * template engine, same values, same Release/Chart objects.
 */
export function renderNotes(archive: string, release: string, extraArgs: string[] = []): string {
  const chart = extractChart(archive);
  const notes = fs.readFileSync(path.join(chart, "templates/NOTES.txt"), "utf8");
  fs.writeFileSync(
    path.join(chart, "templates/_notes_probe.tpl"),
    `{{- define "test.notesProbe" -}}\n${notes}\n{{- end -}}\n`,
  );
  fs.writeFileSync(
    path.join(chart, "templates/notes-probe.yaml"),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-probe\ndata:\n  notes: {{ include "test.notesProbe" . | toJson }}\n',
  );
  const [probe] = renderManifests(chart, release, [
    "--show-only",
    "templates/notes-probe.yaml",
    ...extraArgs,
  ]);
  fs.rmSync(path.dirname(chart), { recursive: true, force: true });
  const rendered = probe?.data?.notes;
  if (rendered === undefined) throw new Error(`no NOTES rendered for ${archive}`);
  return rendered;
}

export function workloads(manifests: Manifest[]): Manifest[] {
  return manifests.filter((m) => m.kind === "StatefulSet" || m.kind === "Deployment");
}
