// `go build` of pinned modules into the cache, with progress lines: on 2 cores the first
// Kubernetes build takes many minutes, so we count compiled packages against the total.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { formatDuration } from "./time.ts";

const execFileAsync = promisify(execFile);

export interface GoBuildRequest {
  /** Label in progress lines, e.g. "kubernetes". */
  label: string;
  /** Directory holding our go.mod (stack/go/<name>). */
  moduleDir: string;
  packages: string[];
  /** Output directory: one binary per main package, named after its last path element. */
  outDir: string;
  ldflags?: string;
  log(message: string): void;
}

function goEnv(): NodeJS.ProcessEnv {
  // Two cores are shared with other work: cap parallel compiles unless told otherwise.
  const flags = process.env.GOFLAGS ?? "";
  return {
    ...process.env,
    GOFLAGS: /(^|\s)-p=/.test(flags) ? flags : `${flags} -p=2`.trim(),
    CGO_ENABLED: process.env.CGO_ENABLED ?? "0",
  };
}

export async function goBin(): Promise<string> {
  const candidate = process.env.GO_BIN ?? "go";
  try {
    await execFileAsync(candidate, ["version"]);
    return candidate;
  } catch {
    throw new Error(`Go is needed to build the local stack (tried "${candidate}"; set GO_BIN). Go >= 1.24.`);
  }
}

export async function goBuild(request: GoBuildRequest): Promise<void> {
  const go = await goBin();
  const started = Date.now();
  const env = goEnv();
  const step = (text: string) => request.log(`${request.label}: ${text} (${formatDuration(Date.now() - started)})`);

  // Listing the dependencies downloads exactly the modules the build needs.
  step("downloading Go modules (step 1/2)");
  const { stdout } = await execFileAsync(go, ["list", "-deps", ...request.packages], {
    cwd: request.moduleDir,
    env,
    maxBuffer: 64 << 20,
  });
  const total = stdout.split("\n").filter(Boolean).length;

  fs.mkdirSync(request.outDir, { recursive: true });
  const tmpOut = `${request.outDir}.partial`;
  fs.rmSync(tmpOut, { recursive: true, force: true });
  fs.mkdirSync(tmpOut, { recursive: true });
  const args = ["build", "-v", "-trimpath", "-ldflags", request.ldflags ?? "-s -w", "-o", `${tmpOut}/`, ...request.packages];
  step(`compiling ${request.packages.length} programs, ${total} packages (step 2/2)`);

  let compiled = 0;
  const output: string[] = [];
  const child = spawn("nice", ["-n", "10", go, ...args], { cwd: request.moduleDir, env, stdio: ["ignore", "pipe", "pipe"] });
  // `-v` prints each package it compiles (cached ones are skipped, so the count may stay below the total).
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (line.trim() === "") continue;
      if (/^[\w.\-/]+$/.test(line.trim())) compiled += 1;
      else output.push(line);
    }
  });
  child.stdout.resume();
  const timer = setInterval(() => step(`compiled ${compiled}/${total} packages (step 2/2)`), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(timer);
  if (code !== 0) {
    throw new Error(`go build failed for ${request.label} (exit ${code}):\n${output.slice(-40).join("\n")}`);
  }
  for (const file of fs.readdirSync(tmpOut)) fs.renameSync(path.join(tmpOut, file), path.join(request.outDir, file));
  fs.rmSync(tmpOut, { recursive: true, force: true });
  step("built");
}
