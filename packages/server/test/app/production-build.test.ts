// The production build (`npm run build:server`, run by `npm run serve`): one esbuild bundle (plus
// the chunks of what is imported lazily) that runs without node_modules, finds its runtime files
// from its own location, and whose stack traces name the TypeScript lines through the source map.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/paths.ts";

// Inside packages/server/dist (git-ignored), so walking up from the bundle finds the repository
// exactly as it does from packages/server/dist/main.js, without touching a developer's build.
const outdir = path.join(
  repoRoot,
  "packages/server/dist",
  `.test-${process.pid}-${Date.now().toString(36)}`,
);
const scratch = mkdtempSync(path.join(tmpdir(), "onyxia-ts-bundle-"));

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build-server.mjs", "--outdir", outdir], {
    cwd: repoRoot,
    stdio: "pipe",
  });
}, 180_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>, cwd = repoRoot) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      ...process.env,
      ONYXIA_CONFIG: "",
      ONYXIA_TS_HOME: "",
      ONYXIA_WEB_DIST: "",
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

describe("production bundle", () => {
  it("inlines every dependency: no import left but Node's built-ins and its own chunks", () => {
    const files = readdirSync(outdir, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".js"),
    );
    // The Kubernetes client library is a chunk of its own, loaded only for exec kubeconfigs.
    expect(files.length).toBeGreaterThan(1);
    const bundle = readFileSync(path.join(outdir, "main.js"), "utf8");
    expect(bundle).not.toContain("@kubernetes/client-node");
    for (const file of files) {
      const text = readFileSync(path.join(outdir, file), "utf8");
      const specifiers = [
        ...text.matchAll(/(?:^|[;\s])import\s*(?:[\w{},*\s]+from\s*)?\(?"([^"]+)"/g),
      ]
        .map((m) => m[1]!)
        .filter(
          (s) => !s.startsWith("node:") && !builtinModules.includes(s) && !/^\.\.?\//.test(s),
        );
      expect(specifiers, file).toEqual([]);
    }
  });

  it("maps our own sources only: the map Node parses at startup stays small", () => {
    const map = JSON.parse(readFileSync(path.join(outdir, "main.js.map"), "utf8")) as {
      sources: string[];
    };
    expect(map.sources.some((s) => s.endsWith("src/config/paths.ts"))).toBe(true);
    expect(map.sources.filter((s) => s.includes("node_modules/"))).toEqual([]);
  });

  it("holds its source as one-byte text and does not decode its map at start", () => {
    for (const file of readdirSync(outdir, { recursive: true, encoding: "utf8" }))
      if (file.endsWith(".js"))
        // A single non-ASCII character makes Node keep the whole source as UTF-16.
        expect(/[\u0080-\u00ff]/.test(readFileSync(path.join(outdir, file), "latin1")), file).toBe(
          false,
        );
    // pino's caller lookup (util.getCallSites) would map every frame through the source map.
    expect(readFileSync(path.join(outdir, "main.js"), "utf8")).not.toContain("getCallSites");
  });

  it("starts from packages/server/dist with no env: healthcheck, catalogs and the example catalog", async () => {
    const server = run(["--enable-source-maps", path.join(outdir, "main.js")], {
      HOST: "127.0.0.1",
      PORT: "0",
    });
    try {
      let url: string | undefined;
      for (let i = 0; i < 600 && !url; i++) {
        url = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(server.output().stdout)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, server.output().stderr).toBeDefined();
      let health: Response | undefined;
      for (let i = 0; i < 200; i++) {
        health = await fetch(`${url}/api/public/healthcheck`);
        if (health.status === 200) break;
        await health.arrayBuffer();
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(health!.status).toBe(200);
      expect(await health!.json()).toMatchObject({
        status: "UP",
        catalogs: [{ id: "examples", status: "loaded" }],
      });
      // The default catalog is found through the install root: <repo>/catalogs/examples/repo.
      const catalogs = (await (await fetch(`${url}/api/public/catalogs`)).json()) as {
        catalogs: { id: string; location: string }[];
      };
      expect(catalogs.catalogs.map((c) => [c.id, c.location])).toEqual([
        ["examples", path.join(repoRoot, "catalogs/examples/repo")],
      ]);
      const versions = (await (
        await fetch(`${url}/api/my-lab/catalogs/examples/charts/vscode-lite`)
      ).json()) as { name: string; version: string }[];
      expect(versions.length).toBeGreaterThan(0);
      expect(versions.every((v) => v.name === "vscode-lite")).toBe(true);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("names the .ts line in stack traces with --enable-source-maps, and only with it", async () => {
    // Outside the repository, with no ONYXIA_TS_HOME: the install-root lookup throws at startup.
    // The bundle reaching that code at all shows it needs no node_modules.
    cpSync(outdir, scratch, { recursive: true });
    const source = readFileSync(path.join(repoRoot, "packages/server/src/config/paths.ts"), "utf8");
    const throwLine = source.split("\n").findIndex((l) => l.includes("throw new Error(")) + 1;
    expect(throwLine).toBeGreaterThan(0);

    const mapped = run(["--enable-source-maps", "main.js"], {}, scratch);
    expect(await mapped.exited).toBe(1);
    const { stderr } = mapped.output();
    expect(stderr).toContain("cannot find the onyxia-ts installation root");
    expect(stderr).toMatch(new RegExp(`src/config/paths\\.ts:${throwLine}:\\d+`));

    const raw = run(["main.js"], {}, scratch);
    expect(await raw.exited).toBe(1);
    expect(raw.output().stderr).toContain("cannot find the onyxia-ts installation root");
    expect(raw.output().stderr).not.toContain("paths.ts");
    expect(raw.output().stderr).toMatch(/main\.js:\d+/);
  });
});
