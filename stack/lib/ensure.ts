// For integration tests: start the stack unless it already runs, and say whether to stop it after.
import type { StackContext } from "./component.ts";
import { createContext } from "./context.ts";
import { down, isStackUp, up } from "./orchestrator.ts";
import { readEnvFile } from "./env-file.ts";

export interface EnsuredStack {
  /** The variables of `.stack/env` (KUBECONFIG, …), also copied into process.env. */
  env: Record<string, string>;
  /** True when this call started it (then `stop()` stops it). */
  startedHere: boolean;
  /** Stops the stack if this call started it; leaves a developer's running stack alone. */
  stop(): Promise<void>;
}

/** STACK_COMPONENTS=kwok,minio limits a test run to those components and their dependencies. */
export const onlyFromEnv = (value = process.env.STACK_COMPONENTS) =>
  value ? value.split(",").map((s) => s.trim()).filter(Boolean) : undefined;

export async function ensureStackUp(
  ctx: StackContext = createContext(),
  options: { only?: string[] } = { only: onlyFromEnv() },
): Promise<EnsuredStack> {
  const wasUp = await isStackUp(ctx, options);
  const env = wasUp ? readEnvFile(ctx) : await up(ctx, options);
  if (wasUp) ctx.log("reusing the running stack");
  Object.assign(process.env, env);
  return {
    env,
    startedHere: !wasUp,
    async stop() {
      if (!wasUp) await down(ctx);
    },
  };
}
