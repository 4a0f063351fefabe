// `up` / `down` / `status` over all registered components, in dependency order.
import fs from "node:fs";
import path from "node:path";
import type { StackComponent, StackContext } from "./component.ts";
import { logFile } from "./context.ts";
import { withFileLock } from "./lock.ts";
import { writeAppConfig } from "./app-config.ts";
import { writeEnvFile } from "./env-file.ts";
import { PORT_OFFSET } from "./ports.ts";
import { runningPid, stopProcess } from "./processes.ts";
import { dependencyOrder, loadRegistry } from "./registry.ts";
import { formatDuration, pollUntil } from "./time.ts";

/** How long a component may take to become healthy after its start(). */
export const HEALTH_TIMEOUT_MS = Number(process.env.STACK_HEALTH_TIMEOUT_MS ?? 180_000);

async function isHealthy(ctx: StackContext, component: StackComponent): Promise<boolean> {
  try {
    return await component.healthy(ctx);
  } catch {
    return false;
  }
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export class ComponentFailedError extends Error {}

export async function orderedComponents(ctx: StackContext): Promise<StackComponent[]> {
  return dependencyOrder((await loadRegistry(ctx)).components);
}

/** True when every component answers its health check. */
export async function isStackUp(
  ctx: StackContext,
  options: { only?: string[] } = {},
): Promise<boolean> {
  const all = await orderedComponents(ctx);
  const components = options.only?.length ? withDependencies(all, options.only) : all;
  const results = await Promise.all(components.map((c) => isHealthy(ctx, c)));
  return results.every(Boolean);
}

function collectEnv(ctx: StackContext, components: StackComponent[]): Record<string, string> {
  // A shell that sources `.stack/env` then reaches this stack's ports, not the default ones.
  const offset = PORT_OFFSET === 0 ? {} : { ONYXIA_STACK_PORT_OFFSET: String(PORT_OFFSET) };
  return Object.assign(offset, ...components.map((c) => c.env(ctx))) as Record<string, string>;
}

/**
 * Builds what is missing, starts what is not running, waits for health, writes `.stack/env`.
 * `only`: just these components and their dependencies (e.g. ["kwok"] for Kubernetes alone).
 * `onStart(name)`: called for each component this call starts (not those found running).
 * Serialized across processes (`.stack/up.lock`): a second `up` waits, then finds things running.
 */
export function up(
  ctx: StackContext,
  options: { only?: string[]; onStart?: (name: string) => void } = {},
): Promise<Record<string, string>> {
  return withFileLock(
    path.join(ctx.stateDir, "up.lock"),
    (holder) => ctx.log(`waiting for the \`up\` running in pid ${holder}`),
    () => upLocked(ctx, options),
  );
}

/** `only` and everything they depend on, in dependency order. */
export function withDependencies(ordered: StackComponent[], only: string[]): StackComponent[] {
  const byName = new Map(ordered.map((c) => [c.name, c]));
  const wanted = new Set<string>();
  const add = (name: string) => {
    const component = byName.get(name);
    if (!component)
      throw new Error(`unknown component "${name}" (known: ${[...byName.keys()].join(", ")})`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dependency of component.dependsOn ?? []) add(dependency);
  };
  for (const name of only) add(name);
  return ordered.filter((c) => wanted.has(c.name));
}

/**
 * Builds the components' binaries at once (module downloads and compiles overlap; each Go build
 * is niced, so interactive work keeps priority). Resolves when all are built; the first failure
 * rejects after the others have finished, so no half-written output is left behind.
 * Per component: `onBuilt(name)` as soon as its own build is done.
 */
export async function buildAll(
  ctx: StackContext,
  components: StackComponent[],
  onBuilt: (name: string) => void = () => {},
): Promise<void> {
  const results = await Promise.allSettled(
    components.map(async (component) => {
      const t0 = Date.now();
      await component.build(ctx);
      if (Date.now() - t0 > 1_000)
        ctx.log(`${component.name}: build done in ${formatDuration(Date.now() - t0)}`);
      onBuilt(component.name);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Builds what is missing for these components (and their dependencies) without starting anything. */
export async function build(ctx: StackContext, options: { only?: string[] } = {}): Promise<void> {
  const all = await orderedComponents(ctx);
  const components = options.only?.length ? withDependencies(all, options.only) : all;
  const started = Date.now();
  await buildAll(ctx, components);
  ctx.log(
    `built ${components.map((c) => c.name).join(", ")} in ${formatDuration(Date.now() - started)}`,
  );
}

async function upLocked(
  ctx: StackContext,
  options: { only?: string[]; onStart?: (name: string) => void } = {},
): Promise<Record<string, string>> {
  const started = Date.now();
  fs.mkdirSync(path.join(ctx.stateDir, "logs"), { recursive: true });
  const all = await orderedComponents(ctx);
  const components = options.only?.length ? withDependencies(all, options.only) : all;

  await buildAll(ctx, components);

  for (const component of components) {
    const t0 = Date.now();
    if (await isHealthy(ctx, component)) {
      ctx.log(`${component.name}: already running`);
      continue;
    }
    // A process we started earlier may still be coming up: give it the chance before starting another.
    if (runningPid(ctx, component.name) === undefined) {
      ctx.log(`${component.name}: starting`);
      options.onStart?.(component.name);
      await component.start(ctx);
    } else {
      ctx.log(`${component.name}: running, waiting for it to become healthy`);
    }
    const ok = await pollUntil(() => component.healthy(ctx), HEALTH_TIMEOUT_MS, 200);
    if (!ok) {
      const log = logFile(ctx, component.name);
      throw new ComponentFailedError(
        `${component.name} did not become healthy within ${formatDuration(HEALTH_TIMEOUT_MS)}; ` +
          `see ${path.relative(process.cwd(), log) || log}. Last lines:\n${tail(log)}`,
      );
    }
    ctx.log(`${component.name}: healthy in ${formatDuration(Date.now() - t0)}`);
  }

  // Every component's settings (they are fixed paths and ports), so a partial `up` keeps the file whole.
  const env = collectEnv(ctx, all);
  writeEnvFile(ctx, env);
  writeAppConfig(ctx, env);
  ctx.log(
    `up in ${formatDuration(Date.now() - started)}; settings in ${path.join(ctx.stateDir, "env")}`,
  );
  return env;
}

/**
 * Stops what `up` started (pid files), dependents first; `wipe` also deletes `.stack/`.
 * `only`: stop just these components (their dependencies keep running).
 */
export async function down(
  ctx: StackContext,
  options: { wipe?: boolean; only?: string[] } = {},
): Promise<void> {
  const only = options.only?.length ? options.only : undefined;
  const names = (await orderedComponents(ctx))
    .map((c) => c.name)
    .filter((name) => !only || only.includes(name))
    .reverse();
  const pidDir = path.join(ctx.stateDir, "pids");
  // Also pid files of processes no registered component names (a component's helper process, an older layout).
  const others =
    !only && fs.existsSync(pidDir)
      ? fs
          .readdirSync(pidDir)
          .map((f) => f.replace(/\.pid$/, ""))
          .filter((n) => !names.includes(n))
      : [];
  for (const name of [...others, ...names]) {
    if (await stopProcess(ctx, name)) ctx.log(`${name}: stopped`);
  }
  if (options.wipe) {
    fs.rmSync(ctx.stateDir, { recursive: true, force: true });
    ctx.log(`wiped ${ctx.stateDir}`);
  }
}

export async function status(
  ctx: StackContext,
): Promise<{ name: string; healthy: boolean; pid?: number }[]> {
  const components = await orderedComponents(ctx);
  return Promise.all(
    components.map(async (c) => {
      const pid = runningPid(ctx, c.name);
      return {
        name: c.name,
        healthy: await isHealthy(ctx, c),
        ...(pid === undefined ? {} : { pid }),
      };
    }),
  );
}
