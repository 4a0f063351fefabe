// The server started as `npm run serve` starts the bundle of scripts/build-server.mjs (or with
// other Node options: the tsx loader and src/main.ts), with the memory probe preloaded
// (lib/memory-probe.ts), serving the catalogs given by URL.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { transformSync } from "esbuild";
import { fileURLToPath } from "node:url";
import type { MemoryFigures } from "./memory-probe.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServeFlags {
  /** Node's options in `npm run serve` (before the entry point). */
  nodeArgs: string[];
  /** Environment assignments in front of `node`. */
  env: Record<string, string>;
  describe: string;
}

/** The flags of package.json's `serve` script, so benches measure what production runs. */
export function serveFlags(): ServeFlags {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as {
    scripts: Record<string, string>;
  };
  const serve = pkg.scripts["serve"] ?? "";
  const words = serve.split(/\s+/).filter(Boolean);
  const at = words.indexOf("node");
  if (at < 0) throw new Error(`npm run serve does not run node: ${serve}`);
  const env = Object.fromEntries(
    words.slice(0, at).map((w) => {
      const [key, ...value] = w.split("=");
      return [key as string, value.join("=")];
    }),
  );
  const nodeArgs = words.slice(at + 1).filter((w) => w.startsWith("--"));
  return { nodeArgs, env, describe: `\`${serve}\`` };
}

let probeFile: string | undefined;
/** The probe as plain JavaScript: preloading the .ts file would make Node load its TypeScript
 * stripper (amaro: a 3.7 MiB script and a WebAssembly instance) into the measured process. */
function probeScript(): string {
  if (probeFile) return probeFile;
  const source = readFileSync(fileURLToPath(new URL("./memory-probe.ts", import.meta.url)), "utf8");
  const { code } = transformSync(source, { loader: "ts", format: "esm", target: "node20" });
  probeFile = path.join(mkdtempSync(path.join(tmpdir(), "onyxia-memory-probe-")), "probe.mjs");
  writeFileSync(probeFile, code);
  return probeFile;
}

export interface ProductionServer {
  url: string;
  /** From the start to the "listening" log line, then to a healthy healthcheck (catalogs loaded). */
  listeningMs: number;
  readyMs: number;
  /** Memory figures (after full GCs if the server runs with --expose-gc); a heap snapshot first
   * if a path is given. */
  memory(snapshot?: string): Promise<MemoryFigures>;
  stop(): Promise<void>;
}

export async function startProduction(
  entry: string,
  options: {
    mode: string;
    repos: Record<string, string>;
    nodeArgs: readonly string[];
    env: Record<string, string>;
  },
): Promise<ProductionServer> {
  const started = performance.now();
  const child = spawn(process.execPath, [...options.nodeArgs, "--import", probeScript(), entry], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      BENCH_MEMORY_PROBE: "1",
      ONYXIA_CONFIG: "",
      ONYXIA_TS_HOME: root,
      REGIONS: "",
      CATALOGS: JSON.stringify(
        Object.entries(options.repos).map(([id, location]) => ({
          id,
          location,
          type: "helm",
          multipleServicesMode: options.mode,
        })),
      ),
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
    if (process.env["BENCH_SERVER_OUTPUT"]) process.stderr.write(c);
  });
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    let url: string | undefined;
    let listeningMs = 0;
    while (!url) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
      if (performance.now() - started > 60_000) throw new Error("no listening line in 60 s");
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
      listeningMs = performance.now() - started;
      if (!url) await new Promise((r) => setTimeout(r, 5));
    }
    for (;;) {
      const res = await fetch(`${url}/api/public/healthcheck`);
      await res.arrayBuffer();
      if (res.status === 200) break;
      if (performance.now() - started > 180_000) throw new Error("catalogs not loaded in 180 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - started;
    // One catalogs request, as a user's first page would.
    await (
      await fetch(`${url}/api/my-lab/catalogs`, { headers: { "accept-encoding": "gzip" } })
    ).arrayBuffer();
    const memory = (snapshot?: string) =>
      new Promise<MemoryFigures>((resolve) => {
        child.once("message", (m: { figures: MemoryFigures }) => resolve(m.figures));
        child.send({ probe: "memory", snapshot });
      });
    return { url, listeningMs, readyMs, memory, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
