// Where the stack keeps its state (.stack/ in the repository) and its build cache (outside it).
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { StackContext } from "./component.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function cacheRoot(): string {
  return process.env.ONYXIA_TS_CACHE || path.join(os.homedir(), ".cache", "onyxia-ts");
}

export function createContext(
  options: { root?: string; log?: (message: string) => void } = {},
): StackContext {
  const root = options.root ?? REPO_ROOT;
  return {
    root,
    stateDir: path.join(root, ".stack"),
    cacheDir: cacheRoot(),
    log: options.log ?? ((message) => console.error(`[stack] ${message}`)),
  };
}

export const logFile = (ctx: StackContext, name: string) =>
  path.join(ctx.stateDir, "logs", `${name}.log`);
export const pidFile = (ctx: StackContext, name: string) =>
  path.join(ctx.stateDir, "pids", `${name}.pid`);
export const envFile = (ctx: StackContext) => path.join(ctx.stateDir, "env");
