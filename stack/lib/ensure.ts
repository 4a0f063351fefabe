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

export async function ensureStackUp(ctx: StackContext = createContext()): Promise<EnsuredStack> {
  const wasUp = await isStackUp(ctx);
  const env = wasUp ? readEnvFile(ctx) : await up(ctx);
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
