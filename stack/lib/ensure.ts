// For integration tests: start the stack unless it already runs, and say whether to stop it after.
import type { StackContext } from "./component.ts";
import { createContext } from "./context.ts";
import { down, isStackUp, up } from "./orchestrator.ts";
import { readEnvFile } from "./env-file.ts";

export interface EnsuredStack {
  /** The variables of `.stack/env` (KUBECONFIG, …), also copied into process.env. */
  env: Record<string, string>;
  /** True when this call started (part of) it. */
  startedHere: boolean;
  /** Stops the components this call started; leaves those that already ran alone. */
  stop(): Promise<void>;
}

/** STACK_COMPONENTS=kwok,minio limits a test run to those components and their dependencies. */
export const onlyFromEnv = (value = process.env.STACK_COMPONENTS) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export async function ensureStackUp(
  ctx: StackContext = createContext(),
  options: { only?: string[] } = { only: onlyFromEnv() },
): Promise<EnsuredStack> {
  // stop() stops only what this call's `up` started: not what ran before (someone else's
  // `stack:up`), nor what a concurrent `up` started while this one waited for its lock.
  const wasUp = await isStackUp(ctx, options);
  const startedNames: string[] = [];
  let env: Record<string, string>;
  try {
    env = wasUp
      ? readEnvFile(ctx)
      : await up(ctx, { ...options, onStart: (name) => startedNames.push(name) });
  } catch (error) {
    // Do not leave half a stack holding the ports: the next run could not start its own.
    if (!wasUp && startedNames.length > 0)
      await down(ctx, { only: startedNames }).catch(() => undefined);
    throw error;
  }
  if (wasUp) ctx.log("reusing the running stack");
  Object.assign(process.env, env);
  return {
    env,
    startedHere: startedNames.length > 0,
    async stop() {
      if (!wasUp && startedNames.length > 0) await down(ctx, { only: startedNames });
    },
  };
}
