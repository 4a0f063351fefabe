// `services.idleSuspend` of a region (issue 17): when a service counts as idle, how long before
// it is paused, warned how long before, and what is never paused. Parsed with errors naming the
// exact key, like the rest of the configuration (config/shape.ts).
import {
  childPath,
  describeValue,
  isPlainObject,
  type ConfigIssue,
  type Shape,
} from "../config/shape.ts";
import { tryParseQuantity } from "../lifecycle/quantity.ts";

export interface IdleSuspendConfig {
  enabled: boolean;
  /** Idle this long (no CPU at or above `cpuBelowMillicores`): the service is paused. */
  afterMs: number;
  /** A service using less CPU than this (millicores, all its pods together) is idle. */
  cpuBelowMillicores: number;
  /** The owner is warned this long before the pause (0: no warning). */
  warnBeforeMs: number;
  /** A service paused by idleness is deleted after this long paused; unset: never. */
  deleteSuspendedAfterMs?: number;
  /** Chart names (`jupyter-python`) or `catalogId/chart` never paused. */
  excludeCharts: string[];
  /** Namespaces (`user-alice`, `projet-x`) whose services are never paused. */
  excludeProjects: string[];
  /** POSTed a JSON body on each warning and pause; unset: in-app only. */
  webhookURL?: string;
  /** How often CPU is sampled (default 30 s). */
  sampleEveryMs: number;
  /**
   * Where a chart's HTTP activity signal is asked: `$SERVICE`, `$NAMESPACE`, `$PORT`, `$PATH`
   * (and `$INSTANCE`) are replaced. Default: the Service's in-cluster DNS name.
   */
  activityURLPattern: string;
  /** How long the HTTP signal and Prometheus get to answer (default 5 s). */
  activityTimeoutMs: number;
  /** Traffic through the release's ingress, from Prometheus; unset: not a signal. */
  prometheus?: IdlePrometheusConfig;
}

export interface IdlePrometheusConfig {
  /** The Prometheus server's base URL (`/api/v1/query` is appended). */
  URL: string;
  /** PromQL with `$NAMESPACE`, `$INSTANCE` and `$WINDOW` (a range such as `600s`). */
  query: string;
  /** The shortest `$WINDOW` (default 2 min: two scrapes of a 1-minute interval). */
  minWindowMs: number;
}

/** Requests through the release's ingresses (ingress-nginx: `<release>` or `<release>-…`). */
export const DEFAULT_INGRESS_QUERY =
  'sum(increase(nginx_ingress_controller_requests{namespace="$NAMESPACE",ingress=~"$INSTANCE(-.+)?"}[$WINDOW]))';

/** The Service's in-cluster DNS name. */
export const DEFAULT_ACTIVITY_URL_PATTERN =
  "http://$SERVICE.$NAMESPACE.svc.cluster.local:$PORT$PATH";

export const IDLE_SUSPEND_DEFAULTS = {
  after: "8h",
  cpuBelow: 50,
  warnBefore: "1h",
  sampleEvery: "30s",
  activityTimeout: "5s",
  prometheusMinWindow: "2m",
} as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** "8h", "30m", "1h30m", "20s", "2d" → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** 90 min → "1 h 30 min"; under a minute in seconds. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.round(ms / 1000));
  if (abs < 60) return `${abs} s`;
  const minutes = Math.round(abs / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 48 && rest === 0) return `${Math.round(hours / 24)} d`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

const KEYS = [
  "enabled",
  "after",
  "cpuBelow",
  "warnBefore",
  "deleteSuspendedAfter",
  "excludeCharts",
  "excludeProjects",
  "webhookURL",
  "sampleEvery",
  "activityURLPattern",
  "activityTimeout",
  "prometheus",
];

const PROMETHEUS_KEYS = ["URL", "query", "minWindow"];

function duration(
  raw: Record<string, unknown>,
  key: string,
  path: string,
  issues: ConfigIssue[],
  fallback: string | undefined,
): number | undefined {
  const value = raw[key] ?? fallback;
  if (value === undefined) return undefined;
  const ms = typeof value === "string" ? parseDuration(value) : undefined;
  if (ms === undefined || ms <= 0) {
    issues.push({
      level: "error",
      path: childPath(path, key),
      message: `expected a positive duration such as "8h", "30m", "1h30m" or "20s", got ${describeValue(value)}`,
    });
    return undefined;
  }
  return ms;
}

function names(raw: Record<string, unknown>, key: string, path: string, issues: ConfigIssue[]) {
  const value = raw[key] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
    issues.push({
      level: "error",
      path: childPath(path, key),
      message: `expected an array of non-empty names, got ${describeValue(value)}`,
    });
    return [];
  }
  return value as string[];
}

function millicores(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value : undefined;
  // A Kubernetes CPU quantity: "50m", "0.05", "1".
  const cores = tryParseQuantity(value);
  return cores !== undefined && cores > 0 ? cores * 1000 : undefined;
}

/** An error unless `value` is an object; a warning for each key not in `known` (ignored). */
function objectWithKnownKeys(
  value: unknown,
  known: readonly string[],
  path: string,
  issues: ConfigIssue[],
): value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    issues.push({
      level: "error",
      path,
      message: `expected an object, got ${describeValue(value)}`,
    });
    return false;
  }
  for (const key of Object.keys(value))
    if (!known.includes(key))
      issues.push({
        level: "warning",
        path: childPath(path, key),
        message: `unknown key (known: ${known.join(", ")}); ignored`,
      });
  return true;
}

/**
 * Validates `services.idleSuspend` (absent: disabled) and returns the parsed configuration;
 * every problem is pushed to `issues` with the path of the bad key.
 */
export function checkIdleSuspend(
  value: unknown,
  path: string,
  issues: ConfigIssue[],
): IdleSuspendConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!objectWithKnownKeys(value, KEYS, path, issues)) return undefined;
  const enabled = value.enabled ?? false;
  if (typeof enabled !== "boolean")
    issues.push({
      level: "error",
      path: childPath(path, "enabled"),
      message: `expected true or false, got ${describeValue(enabled)}`,
    });
  const afterMs = duration(value, "after", path, issues, IDLE_SUSPEND_DEFAULTS.after);
  const warnBeforeMs =
    value.warnBefore === "0" || value.warnBefore === 0
      ? 0
      : duration(value, "warnBefore", path, issues, IDLE_SUSPEND_DEFAULTS.warnBefore);
  const deleteMs = duration(value, "deleteSuspendedAfter", path, issues, undefined);
  const sampleEveryMs = duration(
    value,
    "sampleEvery",
    path,
    issues,
    IDLE_SUSPEND_DEFAULTS.sampleEvery,
  );
  const cpuRaw = value.cpuBelow ?? IDLE_SUSPEND_DEFAULTS.cpuBelow;
  const cpu = millicores(cpuRaw);
  if (cpu === undefined)
    issues.push({
      level: "error",
      path: childPath(path, "cpuBelow"),
      message: `expected a positive number of millicores (50) or a CPU quantity ("50m", "0.1"), got ${describeValue(cpuRaw)}`,
    });
  if (afterMs !== undefined && warnBeforeMs !== undefined && warnBeforeMs >= afterMs)
    issues.push({
      level: "error",
      path: childPath(path, "warnBefore"),
      message: `must be shorter than after (${formatDuration(afterMs)}), got ${formatDuration(warnBeforeMs)}`,
    });
  const webhook = value.webhookURL;
  if (webhook !== undefined && (typeof webhook !== "string" || !/^https?:\/\/\S+$/i.test(webhook)))
    issues.push({
      level: "error",
      path: childPath(path, "webhookURL"),
      message: `expected an http(s) URL, got ${describeValue(webhook)}`,
    });
  const excludeCharts = names(value, "excludeCharts", path, issues);
  const excludeProjects = names(value, "excludeProjects", path, issues);
  if (afterMs !== undefined && sampleEveryMs !== undefined && sampleEveryMs * 2 > afterMs)
    issues.push({
      level: "error",
      path: childPath(path, "sampleEvery"),
      message: `must be at most half of after (${formatDuration(afterMs)}), got ${formatDuration(sampleEveryMs)}`,
    });
  const pattern = value.activityURLPattern ?? DEFAULT_ACTIVITY_URL_PATTERN;
  if (
    typeof pattern !== "string" ||
    !/^https?:\/\/\S+$/i.test(pattern) ||
    !pattern.includes("$SERVICE") ||
    !pattern.includes("$NAMESPACE")
  )
    issues.push({
      level: "error",
      path: childPath(path, "activityURLPattern"),
      message: `expected an http(s) URL pattern with $SERVICE and $NAMESPACE (and $PORT, $PATH), got ${describeValue(pattern)}`,
    });
  const activityTimeoutMs = duration(
    value,
    "activityTimeout",
    path,
    issues,
    IDLE_SUSPEND_DEFAULTS.activityTimeout,
  );
  const prometheus = checkPrometheus(value.prometheus, childPath(path, "prometheus"), issues);
  if (
    afterMs === undefined ||
    warnBeforeMs === undefined ||
    cpu === undefined ||
    sampleEveryMs === undefined ||
    activityTimeoutMs === undefined ||
    prometheus === null
  )
    return undefined;
  return {
    enabled: enabled === true,
    afterMs,
    cpuBelowMillicores: cpu,
    warnBeforeMs,
    ...(deleteMs !== undefined ? { deleteSuspendedAfterMs: deleteMs } : {}),
    excludeCharts,
    excludeProjects,
    ...(typeof webhook === "string" ? { webhookURL: webhook } : {}),
    sampleEveryMs,
    activityURLPattern: typeof pattern === "string" ? pattern : DEFAULT_ACTIVITY_URL_PATTERN,
    activityTimeoutMs,
    ...(prometheus ? { prometheus } : {}),
  };
}

/** `prometheus` of `services.idleSuspend`: undefined when absent, null when invalid. */
function checkPrometheus(
  value: unknown,
  path: string,
  issues: ConfigIssue[],
): IdlePrometheusConfig | undefined | null {
  if (value === undefined || value === null) return undefined;
  const before = issues.length;
  if (!objectWithKnownKeys(value, PROMETHEUS_KEYS, path, issues)) return null;
  const url = value.URL;
  if (typeof url !== "string" || !/^https?:\/\/\S+$/i.test(url))
    issues.push({
      level: "error",
      path: childPath(path, "URL"),
      message: `expected the Prometheus server's http(s) URL, got ${describeValue(url)}`,
    });
  const query = value.query ?? DEFAULT_INGRESS_QUERY;
  if (
    typeof query !== "string" ||
    !["$NAMESPACE", "$INSTANCE", "$WINDOW"].every((p) => query.includes(p))
  )
    issues.push({
      level: "error",
      path: childPath(path, "query"),
      message: `expected PromQL using $NAMESPACE, $INSTANCE and $WINDOW, got ${describeValue(query)}`,
    });
  const minWindowMs = duration(
    value,
    "minWindow",
    path,
    issues,
    IDLE_SUSPEND_DEFAULTS.prometheusMinWindow,
  );
  if (issues.slice(before).some((i) => i.level === "error") || minWindowMs === undefined)
    return null;
  return {
    URL: (url as string).replace(/\/+$/, ""),
    query: query as string,
    minWindowMs,
  };
}

/** The configuration shape of `services.idleSuspend` (region-shape.ts). */
export const idleSuspendShape: Shape = { kind: "custom", check: checkIdleSuspend };

/** True when the chart or the namespace is excluded from idle suspend. */
export function isExcludedFromIdle(
  config: Pick<IdleSuspendConfig, "excludeCharts" | "excludeProjects">,
  target: { namespace: string; chart: string; catalogId: string | null },
): boolean {
  if (config.excludeProjects.includes(target.namespace)) return true;
  return config.excludeCharts.some(
    (c) =>
      c === target.chart ||
      (target.catalogId !== null && c === `${target.catalogId}/${target.chart}`),
  );
}
