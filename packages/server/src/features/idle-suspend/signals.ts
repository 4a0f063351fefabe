// The activity signals beyond CPU (docs/idle-suspend.md, "What counts as activity"): the chart's
// own HTTP endpoint (Chart.yaml annotations) and the traffic through the release's ingress
// (Prometheus). Every failure (timeout, refused connection, non-2xx, a redirect, bad JSON, no
// time in the answer) is an "unknown" reading with a short reason, never an exception. The host
// asked is the release's own Service in its own namespace (activityURLPattern) or the region's
// Prometheus: nothing a user controls chooses it, and redirects are never followed.
import {
  activityUrl,
  isDnsLabel,
  lastActivityIn,
  valueAt,
  type ActivityReadings,
  type ChartActivity,
  type ChartActivityDeclaration,
  type IdlePrometheusConfig,
  type IdleSuspendConfig,
  type UnknownReading,
} from "@onyxia-ts/core";
import type { IdleTarget } from "../../platform/ports.ts";

export type ExtraReadings = Omit<ActivityReadings, "cpu">;

export interface ActivitySignalsPort {
  /** The readings beyond CPU that apply to the release; `since`: the last activity counted. */
  read(target: IdleTarget, since: number | undefined, now: number): Promise<ExtraReadings>;
}

export interface ActivitySignalsDeps {
  config: Pick<IdleSuspendConfig, "activityURLPattern" | "activityTimeoutMs" | "prometheus">;
  /** The activity signal the release's chart version declares (undefined: none). */
  chartActivity(target: IdleTarget): ChartActivityDeclaration | undefined;
  fetch?: typeof fetch;
}

/** The most of an answer that is read (a status document is a few hundred bytes). */
const MAX_BODY_BYTES = 64 * 1024;

type Json = { json: unknown } | UnknownReading;

function reasonOf(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return "timeout";
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

async function readCapped(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** GET a JSON document: never follows redirects, never throws. */
async function getJson(
  get: typeof fetch,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Json> {
  let response: Response;
  try {
    response = await get(url, {
      headers: { accept: "application/json", ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { unknown: reasonOf(error) };
  }
  try {
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      return { unknown: `HTTP ${response.status}` };
    }
    const text = await readCapped(response);
    if (text === undefined) return { unknown: `answer over ${MAX_BODY_BYTES} bytes` };
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { unknown: error instanceof SyntaxError ? "not JSON" : reasonOf(error) };
  }
}

/** The chart's HTTP signal for one release: its last-activity time, or why it is unknown. */
export async function httpActivity(
  get: typeof fetch,
  config: ActivitySignalsDeps["config"],
  activity: ChartActivity,
  target: Pick<IdleTarget, "namespace" | "release" | "values">,
): Promise<NonNullable<ExtraReadings["http"]>> {
  const url = activityUrl(config.activityURLPattern, activity, target);
  if (url === undefined) return { unknown: "the release's name is not a DNS name" };
  const headers: Record<string, string> = {};
  if (activity.token) {
    const token = valueAt(target.values, activity.token.valuePath);
    if (typeof token !== "string" || token === "" || /[\r\n]/.test(token))
      return { unknown: `no credential at ${activity.token.valuePath} in the values` };
    headers.authorization = `${activity.token.scheme} ${token}`;
  }
  const answer = await getJson(get, url, headers, config.activityTimeoutMs);
  if ("unknown" in answer) return answer;
  const at = lastActivityIn(answer.json, activity.field);
  return at === undefined
    ? { unknown: `no time in ${activity.field.join(".")}` }
    : { lastActivity: at };
}

/** `$WINDOW`: the idle period so far, at least `minWindow`, in whole seconds. */
export const ingressWindowMs = (
  prometheus: IdlePrometheusConfig,
  since: number | undefined,
  now: number,
) =>
  Math.ceil(Math.max(since === undefined ? 0 : now - since, prometheus.minWindowMs) / 1000) * 1000;

/** Requests through the release's ingress over the window ending now, from Prometheus. */
export async function ingressActivity(
  get: typeof fetch,
  prometheus: IdlePrometheusConfig,
  timeoutMs: number,
  target: Pick<IdleTarget, "namespace" | "release">,
  since: number | undefined,
  now: number,
): Promise<NonNullable<ExtraReadings["ingress"]>> {
  if (!isDnsLabel(target.namespace) || !isDnsLabel(target.release))
    return { unknown: "the release's name is not a DNS name" };
  const windowMs = ingressWindowMs(prometheus, since, now);
  const values: Record<string, string> = {
    $NAMESPACE: target.namespace,
    $INSTANCE: target.release,
    $WINDOW: `${windowMs / 1000}s`,
  };
  const query = prometheus.query.replace(/\$(?:NAMESPACE|INSTANCE|WINDOW)/g, (m) => values[m]!);
  const url = `${prometheus.URL}/api/v1/query?query=${encodeURIComponent(query)}&time=${now / 1000}`;
  const answer = await getJson(get, url, {}, timeoutMs);
  if ("unknown" in answer) return { unknown: `Prometheus: ${answer.unknown}` };
  const requests = promSum(answer.json);
  return requests === undefined
    ? { unknown: "Prometheus: not a vector or scalar result" }
    : { requests, windowMs };
}

/**
 * The sum of an instant query's values. An empty vector is 0: ingress-nginx creates a series at
 * an ingress's first request, so no series means no request.
 */
function promSum(body: unknown): number | undefined {
  const b = body as {
    status?: string;
    data?: { resultType?: string; result?: unknown };
  };
  if (b?.status !== "success" || !b.data) return undefined;
  const value = (pair: unknown) => {
    const n = Array.isArray(pair) ? Number(pair[1]) : NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  if (b.data.resultType === "scalar") return value(b.data.result);
  if (b.data.resultType !== "vector" || !Array.isArray(b.data.result)) return undefined;
  let sum = 0;
  for (const sample of b.data.result as { value?: unknown }[]) {
    const n = value(sample?.value);
    if (n === undefined) return undefined;
    sum += n;
  }
  return sum;
}

export function activitySignals(deps: ActivitySignalsDeps): ActivitySignalsPort {
  const get = deps.fetch ?? fetch;
  const { config } = deps;
  return {
    async read(target, since, now) {
      const declared = deps.chartActivity(target);
      const [http, ingress] = await Promise.all([
        declared === undefined
          ? undefined
          : "error" in declared
            ? { unknown: "bad activity annotation in Chart.yaml" }
            : httpActivity(get, config, declared, target),
        config.prometheus
          ? ingressActivity(get, config.prometheus, config.activityTimeoutMs, target, since, now)
          : undefined,
      ]);
      return { ...(http ? { http } : {}), ...(ingress ? { ingress } : {}) };
    },
  };
}
