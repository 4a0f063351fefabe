#!/usr/bin/env node
/* global process, console */
// Packages the example charts (catalogs/examples/charts) into a local Helm repository
// (catalogs/examples/repo: index.yaml + one .tgz per chart), the default catalog. The test-only
// charts (catalogs/test-charts/charts) go to catalogs/test-charts/repo. Runs at the end of
// install-tools.mjs and skips the work when neither the sources nor Helm changed.
//
// Usage: node scripts/package-examples.mjs [--force]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Bump when the packaging steps change, so existing repos are rebuilt.
const PACKAGING_VERSION = "1";

export const catalogsToPackage = [
  {
    sources: path.join(repoRoot, "catalogs/examples/charts"),
    repo: path.join(repoRoot, "catalogs/examples/repo"),
  },
  {
    sources: path.join(repoRoot, "catalogs/test-charts/charts"),
    repo: path.join(repoRoot, "catalogs/test-charts/repo"),
  },
];

function listFiles(directory) {
  const files = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile()) files.push(full);
  }
  return files.sort();
}

function hashSources(sources, helmVersion) {
  const hash = createHash("sha256").update(`${PACKAGING_VERSION}\n${helmVersion}\n`);
  for (const file of listFiles(sources)) {
    hash
      .update(`${path.relative(sources, file)}\n`)
      .update(fs.readFileSync(file))
      .update("\n");
  }
  return hash.digest("hex");
}

function chartDirectories(sources) {
  return fs
    .readdirSync(sources, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && fs.existsSync(path.join(sources, entry.name, "Chart.yaml")),
    )
    .map((entry) => entry.name)
    .sort();
}

function hasDependencies(chartDirectory) {
  return /^dependencies:/m.test(fs.readFileSync(path.join(chartDirectory, "Chart.yaml"), "utf8"));
}

function packageCatalog({ sources, repo }, { helm, helmVersion, log, force }) {
  const label = path.relative(repoRoot, repo);
  if (!fs.existsSync(sources)) return;
  const hashFile = path.join(repo, ".source-hash");
  const sourceHash = hashSources(sources, helmVersion);
  if (!force && fs.existsSync(path.join(repo, "index.yaml")) && fs.existsSync(hashFile)) {
    if (fs.readFileSync(hashFile, "utf8").trim() === sourceHash) {
      log(`${label} is up to date`);
      return;
    }
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-package-"));
  // A private Helm home: packaging must neither read nor write the user's Helm config.
  const env = {
    ...process.env,
    HELM_CACHE_HOME: path.join(work, "helm/cache"),
    HELM_CONFIG_HOME: path.join(work, "helm/config"),
    HELM_DATA_HOME: path.join(work, "helm/data"),
  };
  const run = (args) => {
    try {
      execFileSync(helm, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      throw new Error(
        `helm ${args.join(" ")} failed: ${String(error.stderr || error.message).trim()}`,
      );
    }
  };
  try {
    // Build from a copy: `helm dependency build` writes charts/ and Chart.lock next to Chart.yaml.
    const charts = path.join(work, "charts");
    fs.cpSync(sources, charts, { recursive: true });
    const output = path.join(work, "repo");
    fs.mkdirSync(output);
    const names = chartDirectories(charts);
    for (const name of names) {
      const chart = path.join(charts, name);
      if (hasDependencies(chart)) run(["dependency", "build", chart]);
      run(["package", chart, "--destination", output]);
    }
    run(["repo", "index", output]);
    fs.writeFileSync(path.join(output, ".source-hash"), `${sourceHash}\n`);
    fs.rmSync(repo, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(repo), { recursive: true });
    fs.cpSync(output, repo, { recursive: true });
    log(`packaged ${names.join(", ")} into ${label}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Packages every example catalog whose sources changed; `helm` is the binary to use. */
export function packageExamples({ helm, log = console.log, force = false }) {
  const helmVersion = execFileSync(helm, ["version", "--short"], { encoding: "utf8" }).trim();
  for (const catalog of catalogsToPackage)
    packageCatalog(catalog, { helm, helmVersion, log, force });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const helm = process.env.HELM_BIN || path.join(repoRoot, ".tools/bin/helm");
  try {
    packageExamples({
      helm,
      log: (m) => console.log(`[package-examples] ${m}`),
      force: process.argv.includes("--force"),
    });
  } catch (error) {
    console.error(`[package-examples] FAILED: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
