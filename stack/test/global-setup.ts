// Vitest globalSetup of the `stack` project: reuse a running local stack, or start one and
// stop it after the run (so CI leaves nothing behind, and a developer's stack stays up).
import { ensureStackUp } from "../lib/ensure.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const stack = await ensureStackUp();
  return () => stack.stop();
}
