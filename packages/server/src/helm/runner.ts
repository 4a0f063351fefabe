// Runs the pinned helm CLI: an argument array (never a shell), a timeout that kills it, stdout
// and stderr bounded, and an isolated HELM_* home per call so replicas share no `helm repo add`
// state and concurrent calls never write the same cache files.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { helmBinary } from "../tools/index.ts";
import { HelmError, helmMessageOf, redactText } from "./errors.ts";

export interface HelmRunOptions {
  /** Kills helm after this long. Default 5 minutes. */
  timeoutMs?: number;
  /** Extra environment (HELM_KUBETOKEN…): never on the command line. */
  env?: Record<string, string>;
  /** Values written to a 0600 file in the call's temp dir; `{values}` in args is replaced by its path. */
  valuesYaml?: string;
  /** Removed from every message (tokens, passwords). */
  secrets?: readonly string[];
  /** Prefix of the error message, e.g. "chart vscode-lite 1.0.0 failed to render". */
  what: string;
  helmBin?: string;
  /** The variables helm inherits from the server (PATH, proxies, KUBECONFIG…); nothing else leaks in. */
  inheritedEnv?: Record<string, string>;
  /** Shared by every call of one server: at most its size run at once. Default: no limit. */
  slots?: HelmSlots;
  /**
   * The Kubernetes discovery cache (KUBECACHEDIR), shared by the server's helm calls. Without it
   * every call's fresh home starts cold and helm re-reads the API server's discovery documents
   * first (measured ~15 % of a one-at-a-time install). Discovery is the same for every user, and
   * client-go writes the cache files atomically, so concurrent calls can share it.
   */
  kubeCacheDir?: string;
}

export interface HelmResult {
  stdout: string;
  stderr: string;
  /** Time helm ran (after its slot was free). */
  durationMs: number;
  /** Time spent waiting for a free slot (HELM_CONCURRENCY). */
  queuedMs: number;
  /** When (performance.now()) helm was spawned, after its home and values file were written. */
  spawnedAt: number;
  /** When helm's exit was seen. */
  exitedAt: number;
}

export const VALUES_PLACEHOLDER = "{values}";

/** Default number of helm processes at once (each takes ~50-100 MB and a core while it renders). */
export const defaultHelmConcurrency = () => Math.max(4, availableParallelism() * 4);

/** A cap on concurrent helm processes: the others wait their turn (the wait is reported). */
export interface HelmSlots {
  readonly size: number;
  /** Resolves with the release function once a slot is free. */
  take(): Promise<() => void>;
  /** helm processes running now (metrics). */
  readonly running: number;
  /** Calls waiting for a free slot now (metrics). */
  readonly queued: number;
  /** Resolves once nothing runs or waits (graceful shutdown). */
  idle(): Promise<void>;
}

export function createHelmSlots(size: number = defaultHelmConcurrency()): HelmSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  return {
    size,
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
    async take() {
      if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      return () => {
        running--;
        waiting.shift()?.();
        if (running === 0 && waiting.length === 0) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      };
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Only what helm needs (no unrelated secrets leak into it), and its own homes. */
function baseEnv(
  home: string,
  inherited: Record<string, string>,
  kubeCacheDir: string | undefined,
): Record<string, string> {
  return {
    ...inherited,
    HOME: home,
    HELM_CACHE_HOME: path.join(home, "cache"),
    HELM_CONFIG_HOME: path.join(home, "config"),
    HELM_DATA_HOME: path.join(home, "data"),
    ...(kubeCacheDir ? { KUBECACHEDIR: kubeCacheDir } : {}),
  };
}

/** A private (0700) folder for one server's KUBECACHEDIR, removed when the process exits. */
export function createKubeCacheDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "onyxia-kube-cache-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function runHelm(
  args: readonly string[],
  options: HelmRunOptions,
): Promise<HelmResult> {
  const queuedAt = performance.now();
  const release = options.slots ? await options.slots.take() : () => undefined;
  const queuedMs = performance.now() - queuedAt;
  const home = await mkdtemp(path.join(tmpdir(), "onyxia-helm-"));
  const started = performance.now();
  try {
    let finalArgs = [...args];
    if (options.valuesYaml !== undefined) {
      const file = path.join(home, "values.yaml");
      await writeFile(file, options.valuesYaml, { mode: 0o600 });
      finalArgs = finalArgs.map((a) => (a === VALUES_PLACEHOLDER ? file : a));
    }
    const spawnedAt = performance.now();
    const { stdout, stderr, code, timedOut } = await spawnHelm(
      options.helmBin ?? helmBinary(),
      finalArgs,
      {
        env: {
          ...baseEnv(home, options.inheritedEnv ?? {}, options.kubeCacheDir),
          ...options.env,
        },
        timeoutMs: options.timeoutMs ?? 5 * 60_000,
      },
    );
    const exitedAt = performance.now();
    const durationMs = exitedAt - started;
    if (code !== 0 || timedOut) {
      const secrets = [
        ...(options.secrets ?? []),
        ...Object.values(options.env ?? {}).filter((v) => v.length >= 8),
      ];
      const helmMessage = redactText(
        timedOut
          ? `helm did not finish within ${options.timeoutMs ?? 300_000} ms`
          : helmMessageOf(stderr),
        secrets,
      );
      throw new HelmError(
        `${options.what}: ${helmMessage || `helm exited with code ${code}`}`,
        helmMessage,
        code,
        timedOut,
      );
    }
    return { stdout, stderr, durationMs, queuedMs, spawnedAt, exitedAt };
  } finally {
    release();
    await rm(home, { recursive: true, force: true });
  }
}

function spawnHelm(
  bin: string,
  args: string[],
  options: { env: Record<string, string>; timeoutMs: number },
) {
  return new Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }>(
    (resolve, reject) => {
      const child = spawn(bin, args, {
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
        shell: false,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let timedOut = false;
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT_BYTES) child.kill("SIGKILL");
        else into.push(chunk);
      };
      child.stdout.on("data", collect(out));
      child.stderr.on("data", collect(err));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }, options.timeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(new HelmError(`cannot run helm (${bin}): ${error.message}`, error.message, null));
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          code,
          timedOut,
        });
      });
    },
  );
}
