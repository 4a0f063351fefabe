// The contract every local-stack component implements, so `stack/cli.ts` can build, start,
// health-check and stop them uniformly. Components live in stack/components/<name>/.

export interface StackContext {
  /** Repository root. */
  root: string;
  /** `.stack/` under the root: state, logs (`.stack/logs/<name>.log`), pid files (`.stack/pids/<name>.pid`). */
  stateDir: string;
  /** Build cache outside the repository: `~/.cache/onyxia-ts/` (override with ONYXIA_TS_CACHE). */
  cacheDir: string;
  /** Progress line for people watching `npm run stack:up`. */
  log(message: string): void;
}

export interface StackComponent {
  name: string;
  /** Names of components that must be healthy before this one starts. */
  dependsOn?: string[];
  /** Idempotent: does nothing when the pinned build is already in the cache. */
  build(ctx: StackContext): Promise<void>;
  /** Starts detached processes bound to 127.0.0.1 and records their pid files. */
  start(ctx: StackContext): Promise<void>;
  /** True once the component answers. */
  healthy(ctx: StackContext): Promise<boolean>;
  /** Shell `export` lines (name → value) written to `.stack/env`. */
  env(ctx: StackContext): Record<string, string>;
}
