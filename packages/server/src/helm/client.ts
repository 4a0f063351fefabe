// Typed helm operations over the runner: each builds its validated arguments, runs helm and
// parses its JSON output, with an error message that names the chart or release.
import { stringify } from "yaml";
import { helmArgs, identityEnv, type ChartSource, type ReleaseTarget } from "./args.ts";
import type {
  HelmMetadata,
  HelmPort,
  HelmReleaseResult,
  HelmRevision,
  ManifestCheck,
} from "../platform/ports.ts";
import { secretValuesOf } from "./errors.ts";
import { findBash, PostRenderGate, type GateTiming } from "./post-render-gate.ts";
import {
  createHelmSlots,
  createKubeCacheDir,
  runHelm,
  type HelmResult,
  type HelmRunOptions,
  type HelmSlots,
} from "./runner.ts";

export interface HelmClientOptions {
  helmBin?: string;
  timeoutMs?: number;
  /** What helm inherits from the server's environment (config/process-env.ts helmEnvironment). */
  inheritedEnv?: Record<string, string>;
  /** The cap on concurrent helm processes. Default: a new one of the default size. */
  slots?: HelmSlots;
  /** Where post-render checks run. Default: a new one (a loopback socket, bash found on PATH). */
  gate?: PostRenderGate;
  /** The helm calls' shared Kubernetes discovery cache. Default: a new private temp folder. */
  kubeCacheDir?: string;
}

const chartText = (s: ChartSource) => `chart ${s.chart} ${s.version}`;

/** What a helm message must never show: the caller's token, the repo password, secret values. */
function secretsOf(t: Partial<ReleaseTarget>, source?: ChartSource, values?: unknown): string[] {
  const out: string[] = values === undefined ? [] : secretValuesOf(values);
  if (t.identity?.token) out.push(t.identity.token);
  if (source?.kind === "repo" && source.password) out.push(source.password);
  return out;
}

/** Where one helm run's time went (HelmReleaseResult.phases), from the runner's and the gate's instants. */
export function helmRunPhases(
  r: Pick<HelmResult, "durationMs" | "spawnedAt" | "exitedAt">,
  gate: GateTiming | undefined,
): Record<string, number> {
  const prepare = r.durationMs - (r.exitedAt - r.spawnedAt);
  if (!gate) return { "helm-prepare": prepare, "helm-run": r.exitedAt - r.spawnedAt };
  return {
    "helm-prepare": prepare,
    "helm-render": gate.connectedAt - r.spawnedAt,
    "post-render": gate.answeredAt - gate.connectedAt,
    "helm-apply": r.exitedAt - gate.answeredAt,
  };
}

function parseRelease(r: HelmResult, gate: GateTiming | undefined): HelmReleaseResult {
  const json = JSON.parse(r.stdout) as {
    version?: number;
    manifest?: string;
    info?: { notes?: string };
  };
  return {
    revision: json.version ?? 0,
    manifest: json.manifest ?? "",
    notes: json.info?.notes ?? "",
    durationMs: r.durationMs,
    queuedMs: r.queuedMs,
    phases: helmRunPhases(r, gate),
  };
}

/** The helm CLI as the platform's HelmPort. */
export function createHelmClient(options: HelmClientOptions = {}): HelmPort {
  const slots = options.slots ?? createHelmSlots();
  let kubeCacheDir = options.kubeCacheDir;
  const run = (
    args: string[],
    o: Omit<HelmRunOptions, "helmBin" | "timeoutMs" | "slots" | "inheritedEnv" | "kubeCacheDir">,
  ) =>
    runHelm(args, {
      ...o,
      slots,
      kubeCacheDir: (kubeCacheDir ??= createKubeCacheDir()),
      ...(options.inheritedEnv ? { inheritedEnv: options.inheritedEnv } : {}),
      ...(options.helmBin ? { helmBin: options.helmBin } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  const valuesYaml = (values: unknown) => stringify(values ?? {});
  let gate = options.gate;
  /**
   * Runs helm with `extra` arguments and environment that send its manifests through `check`;
   * its result and when the check was asked and answered.
   */
  const checked = async <T>(
    check: ManifestCheck | undefined,
    call: (extra: { args: string[]; env: Record<string, string> }) => Promise<T>,
  ): Promise<[T, GateTiming | undefined]> => {
    if (!check) return [await call({ args: [], env: {} }), undefined];
    gate ??= new PostRenderGate(findBash(options.inheritedEnv?.["PATH"]));
    const registration = await gate.register(check);
    try {
      return [await call(registration), registration.timing()];
    } catch (error) {
      // helm failed because the check refused: the caller gets the check's own error.
      throw registration.refusal() ?? error;
    } finally {
      registration.close();
    }
  };

  return {
    async template(
      t: Omit<ReleaseTarget, "identity">,
      source: ChartSource,
      values: unknown,
      check?: ManifestCheck,
    ): Promise<{ manifest: string; durationMs: number; queuedMs: number }> {
      const [r] = await checked(check, (extra) =>
        run([...helmArgs.template(t, source), ...extra.args], {
          valuesYaml: valuesYaml(values),
          env: extra.env,
          secrets: secretsOf({}, source, values),
          what: `${chartText(source)} failed to render`,
        }),
      );
      return { manifest: r.stdout, durationMs: r.durationMs, queuedMs: r.queuedMs };
    },
    async install(
      t: ReleaseTarget,
      source: ChartSource,
      values: unknown,
      timeout?: string | null,
      check?: ManifestCheck,
    ): Promise<HelmReleaseResult> {
      const [r, gateTiming] = await checked(check, (extra) =>
        run([...helmArgs.install(t, source, timeout), ...extra.args], {
          valuesYaml: valuesYaml(values),
          env: { ...identityEnv(t.identity), ...extra.env },
          secrets: secretsOf(t, source, values),
          what: `${chartText(source)} failed to install as ${t.release}`,
        }),
      );
      return parseRelease(r, gateTiming);
    },
    async upgrade(
      t: ReleaseTarget,
      source: ChartSource,
      values: unknown,
      timeout?: string | null,
      check?: ManifestCheck,
    ): Promise<HelmReleaseResult> {
      const [r, gateTiming] = await checked(check, (extra) =>
        run([...helmArgs.upgrade(t, source, timeout), ...extra.args], {
          valuesYaml: valuesYaml(values),
          env: { ...identityEnv(t.identity), ...extra.env },
          secrets: secretsOf(t, source, values),
          what: `upgrading ${t.release} to ${chartText(source)} failed`,
        }),
      );
      return parseRelease(r, gateTiming);
    },
    async setSuspend(
      t: ReleaseTarget,
      source: ChartSource,
      suspend: boolean,
      timeout?: string | null,
      check?: ManifestCheck,
    ): Promise<HelmReleaseResult> {
      const [r, gateTiming] = await checked(check, (extra) =>
        run([...helmArgs.setSuspend(t, source, suspend, timeout), ...extra.args], {
          env: { ...identityEnv(t.identity), ...extra.env },
          secrets: secretsOf(t, source),
          what: `${suspend ? "suspending" : "resuming"} ${t.release} failed`,
        }),
      );
      return parseRelease(r, gateTiming);
    },
    async uninstall(t: ReleaseTarget): Promise<void> {
      await run(helmArgs.uninstall(t), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `uninstalling ${t.release} failed`,
      });
    },
    async rollback(t: ReleaseTarget, revision: number): Promise<void> {
      await run(helmArgs.rollback(t, revision), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `rolling ${t.release} back to revision ${revision} failed`,
      });
    },
    async history(t: ReleaseTarget): Promise<HelmRevision[]> {
      const r = await run(helmArgs.history(t), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `reading the history of ${t.release} failed`,
      });
      return JSON.parse(r.stdout) as HelmRevision[];
    },
    async values(t: ReleaseTarget, revision?: number): Promise<Record<string, unknown>> {
      const r = await run(helmArgs.values(t, revision), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `reading the values of ${t.release} failed`,
      });
      return (JSON.parse(r.stdout) as Record<string, unknown> | null) ?? {};
    },
    async manifest(t: ReleaseTarget, revision?: number): Promise<string> {
      const r = await run(helmArgs.manifest(t, revision), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `reading the manifest of ${t.release} failed`,
      });
      return r.stdout;
    },
    async metadata(t: ReleaseTarget): Promise<HelmMetadata> {
      const r = await run(helmArgs.metadata(t), {
        env: identityEnv(t.identity),
        secrets: secretsOf(t),
        what: `reading release ${t.release} failed`,
      });
      return JSON.parse(r.stdout) as HelmMetadata;
    },
  };
}

export type HelmClient = HelmPort;
