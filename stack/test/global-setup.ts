// Vitest globalSetup of the `stack` project: reuse a running local stack, or start one and
// stop it after the run (so CI leaves nothing behind, and a developer's stack stays up).
// Only what the selected files need (their `// @stack-components` lines, see
// stack/lib/test-needs.ts) is built and started, unless STACK_COMPONENTS says otherwise.
import type { TestProject } from "vitest/node";
import { ensureStackUp, onlyFromEnv } from "../lib/ensure.ts";
import { componentsForTestFiles } from "../lib/test-needs.ts";

async function selectedFiles(project: TestProject): Promise<string[]> {
  // The command line's file filters (`vitest run --project stack stack/test/s3`); not part of
  // Vitest's typed API, so a missing field means "no filter".
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  return (await project.globTestFiles(filters ?? [])).testFiles;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let only = onlyFromEnv();
  if (!only) {
    only = componentsForTestFiles(await selectedFiles(project));
    // The test workers read it too (e.g. the orchestrator test's `up`).
    if (only) process.env.STACK_COMPONENTS = only.join(",");
  }
  if (only) console.error(`[stack] this run needs: ${only.join(", ")} (and their dependencies)`);
  const stack = await ensureStackUp(undefined, { only });
  return () => stack.stop();
}
