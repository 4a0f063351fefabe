// Runs the real entry point (`npm run serve`'s command) as a child process.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/paths.ts";
import { tempDir, writeHelmRepo } from "./fixtures.ts";

const fixture = tempDir();
afterAll(() => fixture.cleanup());

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/server/src/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ONYXIA_CONFIG: "",
      REGIONS: "",
      CATALOGS: "",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("main.ts", () => {
  it("starts, serves the healthcheck once catalogs load, and exits 0 on SIGTERM", async () => {
    const repo = await writeHelmRepo(path.join(fixture.dir, "repo"), [
      { name: "demo", version: "1.0.0" },
    ]);
    const config = path.join(fixture.dir, "onyxia.yaml");
    writeFileSync(
      config,
      `catalogs:\n  - id: local\n    location: ${JSON.stringify(repo)}\nserver:\n  port: 0\n`,
    );
    const main = startMain({ ONYXIA_CONFIG: config, HOST: "127.0.0.1" });
    try {
      const url = await waitFor(
        () => /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(main.output().stdout)?.[1],
        20_000,
      );
      let health: Response | undefined;
      for (let i = 0; i < 100; i++) {
        health = await fetch(`${url}/api/public/healthcheck`);
        if (health.status === 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(health!.status).toBe(200);
      expect(await health!.json()).toMatchObject({
        status: "UP",
        catalogs: [{ id: "local", status: "loaded" }],
      });
      main.child.kill("SIGTERM");
      expect(await main.exited).toBe(0);
      expect(main.output().stdout).toContain("SIGTERM received: closing");
    } finally {
      main.child.kill("SIGKILL");
    }
  });

  it("exits 1 with a message naming the key when the configuration is invalid", async () => {
    const main = startMain({ REGIONS: '[{"id": "r", "services": {"singleNamespace": "yes"}}]' });
    expect(await main.exited).toBe(1);
    expect(main.output().stderr).toContain(
      'env REGIONS: regions[0].services.singleNamespace: expected boolean, got "yes"',
    );
  });
});
