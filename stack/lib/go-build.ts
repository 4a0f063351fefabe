// `go build` of pinned modules into the cache, with progress lines: on 2 cores the first
// Kubernetes build takes many minutes, so we count compiled packages against the total.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { withFileLock } from "./lock.ts";
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
  /** Binary names other than go's default (package → name). */
  names?: Record<string, string>;
  /** `nice` level of the compile (default 10): higher yields more to other work. */
  niceness?: number;
  log(message: string): void;
}

// The `go` processes running now, so a test run that stops early can stop its builds too. Each
// `go build` is a process group of its own (so its compilers can be stopped with it), which a
// terminal's Ctrl-C does not reach: they are stopped when this process exits, whatever the reason.
const running = new Set<ChildProcess>();
let exitHooked = false;
function track(child: ChildProcess): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on("exit", abortGoBuilds);
  }
  running.add(child);
}

/**
 * Stops every Go build this process started, with the compilers and linkers `go` runs (each build
 * is a process group of its own); the packages already compiled stay in Go's cache.
 */
export function abortGoBuilds(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  }
}

const finalName = (request: GoBuildRequest, pkg: string) => request.names?.[pkg] ?? binaryName(pkg);

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
  // The official tarball's place comes second, for shells whose PATH lacks it.
  const candidates = process.env.GO_BIN ? [process.env.GO_BIN] : ["go", "/usr/local/go/bin/go"];
  for (const candidate of candidates) {
    try {
      await execFileAsync(candidate, ["version"]);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `Go >= 1.24 is needed to build the local stack (tried ${candidates.join(", ")}; set GO_BIN).`,
  );
}

/** The binary `go build -o dir/` writes for a main package: its last path element, skipping a /vN suffix. */
export function binaryName(pkg: string): string {
  const parts = pkg.split("/");
  const last = parts.at(-1) ?? pkg;
  return /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
}

// One build per output folder at a time, across processes (a test run and `stack:up` side by side):
// the second waits for the first instead of compiling the same thing and racing on `.partial`.
function withBuildLock(request: GoBuildRequest, build: () => Promise<void>): Promise<void> {
  return withFileLock(
    `${request.outDir}.lock`,
    (holder) => request.log(`${request.label}: waiting for the build running in pid ${holder}`),
    async () => {
      const built = request.packages.every((p) =>
        fs.existsSync(path.join(request.outDir, finalName(request, p))),
      );
      if (!built) await build();
    },
  );
}

export function goBuild(request: GoBuildRequest): Promise<void> {
  return withBuildLock(request, () => runGoBuild(request));
}

async function runGoBuild(request: GoBuildRequest): Promise<void> {
  const go = await goBin();
  const started = Date.now();
  const env = goEnv();
  const step = (text: string) =>
    request.log(`${request.label}: ${text} (${formatDuration(Date.now() - started)})`);

  // Listing the dependencies downloads exactly the modules the build needs.
  step("downloading Go modules (step 1/2)");
  const listing = execFileAsync(go, ["list", "-deps", ...request.packages], {
    cwd: request.moduleDir,
    env,
    maxBuffer: 64 << 20,
  });
  track(listing.child);
  const { stdout } = await listing.finally(() => running.delete(listing.child));
  const total = stdout.split("\n").filter(Boolean).length;

  fs.mkdirSync(request.outDir, { recursive: true });
  const tmpOut = `${request.outDir}.partial`;
  fs.rmSync(tmpOut, { recursive: true, force: true });
  fs.mkdirSync(tmpOut, { recursive: true });
  const args = [
    "build",
    "-v",
    "-trimpath",
    "-ldflags",
    request.ldflags ?? "-s -w",
    "-o",
    `${tmpOut}/`,
    ...request.packages,
  ];
  step(`compiling ${request.packages.length} programs, ${total} packages (step 2/2)`);

  let compiled = 0;
  const output: string[] = [];
  const child = spawn("nice", ["-n", String(request.niceness ?? 10), go, ...args], {
    cwd: request.moduleDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  track(child);
  // `-v` prints each package it compiles (cached ones are skipped, so the count may stay below the total).
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (line.trim() === "") continue;
      if (/^[\w.\-/]+$/.test(line.trim())) compiled += 1;
      else output.push(line);
    }
  });
  child.stdout.resume();
  const timer = setInterval(
    () => step(`compiled ${compiled}/${total} packages (step 2/2)`),
    30_000,
  );
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  running.delete(child);
  clearInterval(timer);
  if (code !== 0) {
    throw new Error(
      `go build failed for ${request.label} (exit ${code}):\n${output.slice(-40).join("\n")}`,
    );
  }
  for (const pkg of request.packages) {
    fs.renameSync(
      path.join(tmpOut, binaryName(pkg)),
      path.join(request.outDir, finalName(request, pkg)),
    );
  }
  fs.rmSync(tmpOut, { recursive: true, force: true });
  step("built");
}
