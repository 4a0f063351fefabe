// Detached processes with pid files, so they outlive the CLI and `down` stops only what `up` started.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "./component.ts";
import { logFile, pidFile } from "./context.ts";
import { sleep } from "./time.ts";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// A pid file holds "<pid> <command>": the command lets us tell our process from an unrelated
// one that reused the pid after a reboot or crash.
function readPidFile(
  ctx: StackContext,
  name: string,
): { pid: number; command?: string } | undefined {
  try {
    const [first, ...rest] = fs.readFileSync(pidFile(ctx, name), "utf8").trim().split(" ");
    const pid = Number(first);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return rest.length > 0 ? { pid, command: rest.join(" ") } : { pid };
  } catch {
    return undefined;
  }
}

function runsCommand(pid: number, command: string | undefined): boolean {
  if (command === undefined) return true;
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
    return argv0 === command;
  } catch (error) {
    // No /proc (not Linux): trust the pid file.
    return (error as NodeJS.ErrnoException).code !== "ENOENT" || !fs.existsSync("/proc/self");
  }
}

export function readPid(ctx: StackContext, name: string): number | undefined {
  return readPidFile(ctx, name)?.pid;
}

/** The pid recorded for `name` if that process still runs (and is still the command we started). */
export function runningPid(ctx: StackContext, name: string): number | undefined {
  const entry = readPidFile(ctx, name);
  return entry && isAlive(entry.pid) && runsCommand(entry.pid, entry.command)
    ? entry.pid
    : undefined;
}

export interface SpawnOptions {
  /** Pid/log name, e.g. "kube-apiserver". */
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Starts `command` in its own process group, output appended to `.stack/logs/<name>.log`. */
export function spawnDetached(ctx: StackContext, options: SpawnOptions): number {
  const log = logFile(ctx, options.name);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.mkdirSync(path.dirname(pidFile(ctx, options.name)), { recursive: true });
  const fd = fs.openSync(log, "a");
  fs.writeSync(
    fd,
    `\n--- ${new Date().toISOString()} ${options.command} ${options.args.join(" ")}\n`,
  );
  const child = spawn(options.command, options.args, {
    cwd: options.cwd ?? ctx.stateDir,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${options.command} (see ${log})`);
  child.unref();
  fs.writeFileSync(pidFile(ctx, options.name), `${child.pid} ${options.command}\n`);
  return child.pid;
}

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. True when something was running. */
export async function stopProcess(
  ctx: StackContext,
  name: string,
  graceMs = 10_000,
): Promise<boolean> {
  const pid = runningPid(ctx, name);
  fs.rmSync(pidFile(ctx, name), { force: true });
  if (pid === undefined) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  while (isAlive(pid)) await sleep(50);
  return true;
}
