// Helm argument arrays. Every name is checked by the core naming rules before it becomes an
// argument (the command-injection class of onyxia-api PR #539), and values given by users or
// catalogs use the `--flag=value` form so none can pass for an option. User values only ever
// reach helm through the values file; `--set` carries constants only.
import {
  checkChartName,
  checkChartVersion,
  checkNamespace,
  checkReleaseName,
  type NameValidation,
} from "@onyxia-ts/core";
import { HelmArgumentError } from "./errors.ts";
import { VALUES_PLACEHOLDER } from "./runner.ts";

/** Revisions kept per release: enough to roll back a few edits, bounded Secret growth. */
export const HISTORY_MAX = 5;

/** Where the chart comes from: a local archive (folder catalogs) or a repository URL. */
export type ChartSource =
  | { kind: "archive"; path: string; chart: string; version: string }
  | {
      kind: "repo";
      url: string;
      chart: string;
      version: string;
      username?: string;
      password?: string;
      caFile?: string;
      insecureSkipTlsVerify?: boolean;
    };

/** Whose rights helm uses. Token and API server go through the environment, never argv. */
export interface HelmIdentity {
  kubeconfig?: string;
  asUser?: string;
  asGroups?: readonly string[];
  token?: string;
  apiServer?: string;
}

const TIMEOUT = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const SAFE_TEXT = /^[^\s\p{Cc}-][^\p{Cc}]*$/u;

function check(kind: string, value: string, rule: (v: unknown) => NameValidation): string {
  const result = rule(value);
  if (!result.ok)
    throw new HelmArgumentError(`invalid ${kind} ${JSON.stringify(value)}: ${result.reason}`);
  return value;
}

function text(kind: string, value: string): string {
  if (!SAFE_TEXT.test(value))
    throw new HelmArgumentError(
      `invalid ${kind}: must not start with "-" or contain control characters`,
    );
  return value;
}

export function identityArgs(identity: HelmIdentity): string[] {
  const args: string[] = [];
  if (identity.kubeconfig)
    args.push(`--kubeconfig=${text("kubeconfig path", identity.kubeconfig)}`);
  if (identity.asUser) args.push(`--kube-as-user=${text("impersonated user", identity.asUser)}`);
  for (const group of identity.asGroups ?? [])
    args.push(`--kube-as-group=${text("impersonated group", group)}`);
  return args;
}

export function identityEnv(identity: HelmIdentity): Record<string, string> {
  return {
    ...(identity.token ? { HELM_KUBETOKEN: identity.token } : {}),
    ...(identity.apiServer ? { HELM_KUBEAPISERVER: identity.apiServer } : {}),
  };
}

/** The chart argument and its repository flags. */
export function chartArgs(source: ChartSource): string[] {
  check("chart name", source.chart, checkChartName);
  check("chart version", source.version, checkChartVersion);
  if (source.kind === "archive") return [text("chart archive path", source.path)];
  const url = new URL(source.url); // throws on garbage
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new HelmArgumentError(`invalid repository URL: ${url.protocol} is not http(s)`);
  const args = [source.chart, `--repo=${url.href}`, `--version=${source.version}`];
  if (source.username) args.push(`--username=${source.username}`);
  if (source.password) args.push(`--password=${source.password}`);
  if (source.caFile) args.push(`--ca-file=${text("CA file", source.caFile)}`);
  if (source.insecureSkipTlsVerify) args.push("--insecure-skip-tls-verify");
  return args;
}

export interface ReleaseTarget {
  release: string;
  namespace: string;
  identity: HelmIdentity;
}

function target(t: ReleaseTarget): { release: string; ns: string[] } {
  return {
    release: check("release name", t.release, checkReleaseName),
    ns: [
      `--namespace=${check("namespace", t.namespace, checkNamespace)}`,
      ...identityArgs(t.identity),
    ],
  };
}

function timeoutArgs(timeout: string | null | undefined): string[] {
  if (!timeout) return [];
  if (!TIMEOUT.test(timeout))
    throw new HelmArgumentError(
      `invalid helm timeout ${JSON.stringify(timeout)}: expected e.g. "5m" or "90s"`,
    );
  return [`--timeout=${timeout}`];
}

export const helmArgs = {
  /** Client-side render with the values file: no cluster access. */
  template(t: Omit<ReleaseTarget, "identity">, source: ChartSource): string[] {
    const { release, ns } = target({ ...t, identity: {} });
    return ["template", release, ...chartArgs(source), ...ns, "--values", VALUES_PLACEHOLDER];
  },
  /** A new release; fails when the name is taken (never upgrades someone else's release). `helm install` has no --history-max: later upgrades apply it. */
  install(t: ReleaseTarget, source: ChartSource, timeout?: string | null): string[] {
    const { release, ns } = target(t);
    return [
      "install",
      release,
      ...chartArgs(source),
      ...ns,
      "--values",
      VALUES_PLACEHOLDER,
      "--output=json",
      ...timeoutArgs(timeout),
    ];
  },
  /** An edit: the new user values replace the old ones (no --reuse-values). */
  upgrade(t: ReleaseTarget, source: ChartSource, timeout?: string | null): string[] {
    const { release, ns } = target(t);
    return [
      "upgrade",
      release,
      ...chartArgs(source),
      ...ns,
      "--values",
      VALUES_PLACEHOLDER,
      `--history-max=${HISTORY_MAX}`,
      "--output=json",
      ...timeoutArgs(timeout),
    ];
  },
  /** Onyxia's suspend/resume: the previous values plus a constant. */
  setSuspend(
    t: ReleaseTarget,
    source: ChartSource,
    suspend: boolean,
    timeout?: string | null,
  ): string[] {
    const { release, ns } = target(t);
    return [
      "upgrade",
      release,
      ...chartArgs(source),
      ...ns,
      "--reuse-values",
      "--set",
      `global.suspend=${suspend ? "true" : "false"}`,
      `--history-max=${HISTORY_MAX}`,
      "--output=json",
      ...timeoutArgs(timeout),
    ];
  },
  uninstall(t: ReleaseTarget): string[] {
    const { release, ns } = target(t);
    return ["uninstall", release, ...ns];
  },
  rollback(t: ReleaseTarget, revision: number): string[] {
    if (!Number.isInteger(revision) || revision < 1)
      throw new HelmArgumentError(`invalid revision ${revision}: expected a positive integer`);
    const { release, ns } = target(t);
    return ["rollback", release, String(revision), ...ns, `--history-max=${HISTORY_MAX}`];
  },
  history(t: ReleaseTarget): string[] {
    const { release, ns } = target(t);
    return ["history", release, ...ns, "--output=json"];
  },
  /** User-supplied values of a revision (latest by default). */
  values(t: ReleaseTarget, revision?: number): string[] {
    const { release, ns } = target(t);
    return [
      "get",
      "values",
      release,
      ...ns,
      "--output=json",
      ...(revision ? [`--revision=${revision}`] : []),
    ];
  },
  manifest(t: ReleaseTarget, revision?: number): string[] {
    const { release, ns } = target(t);
    return ["get", "manifest", release, ...ns, ...(revision ? [`--revision=${revision}`] : [])];
  },
  metadata(t: ReleaseTarget): string[] {
    const { release, ns } = target(t);
    return ["get", "metadata", release, ...ns, "--output=json"];
  },
};
