// `npm test`: every check and test, the fast ones first, so a broken unit test fails in minutes:
//
//   1. typecheck, lint, format check              a failure stops the run
//   2. unit projects core, server, web            a failure stops the run
//   3. browser project (builds the web app, drives Chromium)
//   4. stack project, file groups in the order their stack binaries are built: each file says
//      what it needs (`// @stack-components …`, stack/lib/test-needs.ts), and a group runs as
//      soon as those components are built, with only them started (STACK_COMPONENTS)
//
// From the start, the stack's missing binaries build in the background, all at once (Go module
// downloads and compiles overlap; `nice`d below the tests, see stack/lib/go-build.ts). A run that
// stops early stops them too. Their progress goes to .stack/logs/build.log, and to the console
// while nothing else runs. The run ends with each phase's duration and one plain line,
// "N passed, N failed, N skipped", summed over every Vitest run.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { StackComponent } from "../stack/lib/component.ts";
import { createContext, REPO_ROOT } from "../stack/lib/context.ts";
import { abortGoBuilds } from "../stack/lib/go-build.ts";
import { orderedComponents, withDependencies } from "../stack/lib/orchestrator.ts";
import { componentsOfTestFile, findStackTestFiles } from "../stack/lib/test-needs.ts";
import { formatDuration } from "../stack/lib/time.ts";

const root = REPO_ROOT;
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-test-")), "runs");
const phases: { name: string; ms: number; ok: boolean }[] = [];
let current: ChildProcess | undefined;
let extraFailures = 0;

// --- the stack's builds, in the background --------------------------------------------------

fs.mkdirSync(path.join(root, ".stack", "logs"), { recursive: true });
const buildLogFile = path.join(root, ".stack", "logs", "build.log");
fs.writeFileSync(buildLogFile, "");
let echoBuildLog = false;
const ctx = createContext({
  log(message) {
    fs.appendFileSync(buildLogFile, `${new Date().toISOString()} ${message}\n`);
    if (echoBuildLog) console.error(`[stack] ${message}`);
  },
});

interface Group {
  files: string[];
  /** Components to start (undefined: the whole stack). */
  only: string[] | undefined;
  /** Components whose build() must be done first (with dependencies). */
  needs: string[];
}

const all = await orderedComponents(ctx);
const groups: Group[] = [];
for (const file of findStackTestFiles(root)) {
  const only = componentsOfTestFile(file);
  const key = only ? [...only].sort().join(",") : "*";
  const existing = groups.find((g) => (g.only ? [...g.only].sort().join(",") : "*") === key);
  if (existing) existing.files.push(path.relative(root, file));
  else
    groups.push({
      files: [path.relative(root, file)],
      only,
      needs: (only ? withDependencies(all, only) : all).map((c) => c.name),
    });
}

const buildsStarted = Date.now();
const built = new Map<string, number>();
const buildFailed = new Map<string, string>();
const needed = all.filter((c) => groups.some((g) => g.needs.includes(c.name)));
const builds = new Map<string, Promise<void>>(
  needed.map((component: StackComponent) => [
    component.name,
    component.build(ctx).then(
      () => {
        built.set(component.name, Date.now() - buildsStarted);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        buildFailed.set(component.name, message);
        ctx.log(`${component.name}: build failed: ${message}`);
      },
    ),
  ]),
);

// --- running things -------------------------------------------------------------------------

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  return new Promise((resolve) => {
    current = spawn(command, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ONYXIA_TS_TEST_SUMMARY: summaryFile, ...env },
    });
    current.on("error", (error) => {
      console.error(`test: could not run ${command}: ${error.message}`);
      resolve(false);
    });
    current.on("close", (code) => {
      current = undefined;
      resolve(code === 0);
    });
  });
}

const npm = (script: string) => run("npm", ["run", "-s", script]);

function vitest(args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  const runsBefore = summaryLines().length;
  const cli = path.join(root, "node_modules/vitest/vitest.mjs");
  return run(process.execPath, [cli, "run", ...args], env).then((ok) => {
    // A run that failed before reporting (e.g. its global setup could not start the stack)
    // still counts as a failure in the final line.
    if (
      !ok &&
      summaryLines()
        .slice(runsBefore)
        .every((r) => r.failed === 0)
    )
      extraFailures += 1;
    return ok;
  });
}

async function phase(name: string, work: () => Promise<boolean>): Promise<boolean> {
  const started = Date.now();
  console.error(`\n[test] ${name}`);
  const ok = await work();
  phases.push({ name, ms: Date.now() - started, ok });
  if (!ok) console.error(`[test] ${name}: FAILED`);
  return ok;
}

function summaryLines(): { passed: number; failed: number; skipped: number }[] {
  if (!fs.existsSync(summaryFile)) return [];
  return fs
    .readFileSync(summaryFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { passed: number; failed: number; skipped: number });
}

function finish(exitCode?: number): never {
  const runs = summaryLines();
  const sum = (key: "passed" | "failed" | "skipped") => runs.reduce((n, r) => n + r[key], 0);
  const buildTimes = [...built.entries()]
    .filter(([, ms]) => ms > 1_000)
    .map(([name, ms]) => `${name} ${formatDuration(ms)}`);
  console.log(
    `\n[test] phases: ${phases.map((p) => `${p.name} ${formatDuration(p.ms)}${p.ok ? "" : " (FAILED)"}`).join(" · ")}`,
  );
  if (buildTimes.length) console.log(`[test] stack binaries built after: ${buildTimes.join(", ")}`);
  const failed = sum("failed") + extraFailures;
  console.log(`\n${sum("passed")} passed, ${failed} failed, ${sum("skipped")} skipped`);
  process.exit(exitCode ?? (phases.every((p) => p.ok) && failed === 0 ? 0 : 1));
}

function stopEarly(): never {
  abortGoBuilds();
  finish();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // Stopped from outside (Ctrl-C, a CI time limit): stop the builds, say what was done.
  process.on(signal, () => {
    abortGoBuilds();
    current?.kill(signal);
    console.error(`\n[test] stopped by ${signal}`);
    finish(130);
  });
}

if (Number(process.versions.node.split(".")[0]) < 24) {
  console.error(
    `[test] warning: this is Node ${process.version}; the project targets Node 24 (engines). ` +
      "`source scripts/node24.sh` installs the pinned one from the npm registry.",
  );
}
const toBuild = needed.filter((c) => c.name !== "oidc").map((c) => c.name);
console.error(
  `[test] building whatever is missing of the stack's binaries in the background (${toBuild.join(", ")}); ` +
    `progress in ${path.relative(root, buildLogFile)}`,
);

// --- 1, 2: fast checks and unit tests -------------------------------------------------------

if (!(await phase("typecheck", () => npm("typecheck")))) stopEarly();
if (!(await phase("lint", () => npm("lint")))) stopEarly();
if (!(await phase("format", () => npm("format:check")))) stopEarly();
if (
  !(await phase("unit", () =>
    vitest([
      "--project",
      "core",
      "--project",
      "server",
      "--project",
      "web",
      "--project",
      "stack-lib",
    ]),
  ))
)
  stopEarly();

// --- 3: browser -----------------------------------------------------------------------------

await phase("browser", () => vitest(["--project", "browser"]));

// --- 4: stack, each group once its binaries are built ----------------------------------------

const pending = [...groups];
while (pending.length > 0) {
  const broken = pending.filter((g) => g.needs.some((n) => buildFailed.has(n)));
  for (const group of broken) {
    pending.splice(pending.indexOf(group), 1);
    const name = `stack (${group.only?.join(",") ?? "all"})`;
    console.error(
      `\n[test] ${name}: not run, a build failed: ${group.needs.filter((n) => buildFailed.has(n)).join(", ")}`,
    );
    phases.push({ name, ms: 0, ok: false });
    // Each file that could not run counts as a failure in the last line.
    extraFailures += group.files.length;
  }
  const ready = pending.filter((g) => g.needs.every((n) => built.has(n)));
  if (ready.length === 0) {
    if (pending.length === 0) break;
    const waitingFor = [...new Set(pending.flatMap((g) => g.needs))].filter(
      (n) => !built.has(n) && !buildFailed.has(n),
    );
    const started = Date.now();
    console.error(`\n[test] waiting for the stack build (${waitingFor.join(", ")}); its progress:`);
    echoBuildLog = true;
    await Promise.race(waitingFor.map((n) => builds.get(n)!));
    echoBuildLog = false;
    const waiting = phases.find((p) => p.name === "waiting for builds");
    if (waiting) waiting.ms += Date.now() - started;
    else phases.push({ name: "waiting for builds", ms: Date.now() - started, ok: true });
    continue;
  }
  // Everything that can run now runs together (one stack start): with a warm cache, one run.
  for (const group of ready) pending.splice(pending.indexOf(group), 1);
  const files = ready.flatMap((g) => g.files);
  const only = ready.some((g) => !g.only)
    ? undefined
    : [...new Set(ready.flatMap((g) => g.only!))].sort();
  await phase(`stack (${only?.join(",") ?? "all"})`, () =>
    vitest(["--project", "stack", ...files], only ? { STACK_COMPONENTS: only.join(",") } : {}),
  );
}

finish();
