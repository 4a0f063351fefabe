// A chart's own activity signal for idle suspend, declared in its Chart.yaml `annotations` (read
// when the catalog is loaded): an HTTP path of the release's Service answering a JSON document with
// a last-activity time, as Jupyter's `/api/status` (`last_activity`) or code-server's `/healthz`
// (`lastHeartbeat`) do. Only the path, port, Service name and field come from the chart; the host is
// always the release's own Service in the release's own namespace (activityURLPattern).

export const ACTIVITY_ANNOTATIONS = {
  /** Required: the path on the Service, e.g. `/api/status`. */
  path: "onyxia-ts.dev/activity-path",
  /** Required: the Service's port number, e.g. `8888`. */
  port: "onyxia-ts.dev/activity-port",
  /** The Service's name, `$INSTANCE` standing for the release's name. Default `$INSTANCE`. */
  service: "onyxia-ts.dev/activity-service",
  /** The JSON field (dotted path) with the last-activity time. Default `last_activity`. */
  field: "onyxia-ts.dev/activity-field",
  /** Where the release's values hold the credential the endpoint needs (dotted path). */
  tokenValue: "onyxia-ts.dev/activity-token-value",
  /** The Authorization scheme the credential is sent with. Default `token` (Jupyter's). */
  tokenScheme: "onyxia-ts.dev/activity-token-scheme",
} as const;

export interface ChartActivity {
  path: string;
  port: number;
  /** The Service's name pattern (`$INSTANCE`, `$INSTANCE-jupyter`, `notebook`). */
  service: string;
  /** The JSON field's path, split on dots. */
  field: string[];
  /** The credential: its path in the release's values and the Authorization scheme. */
  token?: { valuePath: string; scheme: string };
}

/** A chart version's activity signal, or why its annotations were refused. */
export type ChartActivityDeclaration = ChartActivity | { error: string };

// Conservative on purpose: what reaches a URL is plain path characters and an optional query.
const PATH = /^\/(?!\/)[A-Za-z0-9._~\-/]*(?:\?[A-Za-z0-9._~\-=&]*)?$/;
const DOTTED = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const SERVICE = /^(?:[a-z0-9-]|\$INSTANCE)+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** True for a Kubernetes DNS-1123 label (namespace, Service, release names). */
export const isDnsLabel = (name: string) => DNS_LABEL.test(name);

/**
 * The chart's activity signal from its annotations: undefined when it declares none (no
 * `activity-path`), `{ error }` naming the bad annotation when it declares one wrongly.
 */
export function chartActivity(
  annotations: Record<string, unknown> | undefined,
): ChartActivityDeclaration | undefined {
  const a = annotations ?? {};
  const text = (key: string) => (typeof a[key] === "string" ? (a[key] as string).trim() : a[key]);
  const path = text(ACTIVITY_ANNOTATIONS.path);
  if (path === undefined) return undefined;
  const fail = (key: string, expected: string) => ({
    error: `annotation ${key}: expected ${expected}, got ${JSON.stringify(text(key) ?? null)}`,
  });
  if (typeof path !== "string" || !PATH.test(path))
    return fail(ACTIVITY_ANNOTATIONS.path, "a path such as /api/status");
  const portText = text(ACTIVITY_ANNOTATIONS.port);
  const port = typeof portText === "string" && /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535))
    return fail(ACTIVITY_ANNOTATIONS.port, "the Service's port number (1-65535)");
  const service = text(ACTIVITY_ANNOTATIONS.service) ?? "$INSTANCE";
  if (typeof service !== "string" || !SERVICE.test(service))
    return fail(
      ACTIVITY_ANNOTATIONS.service,
      "a Service name of lowercase letters, digits and dashes, $INSTANCE for the release's name",
    );
  const field = text(ACTIVITY_ANNOTATIONS.field) ?? "last_activity";
  if (typeof field !== "string" || !DOTTED.test(field))
    return fail(ACTIVITY_ANNOTATIONS.field, "a JSON field such as last_activity or status.last");
  const out: ChartActivity = { path, port, service, field: field.split(".") };
  const tokenValue = text(ACTIVITY_ANNOTATIONS.tokenValue);
  if (tokenValue !== undefined) {
    if (typeof tokenValue !== "string" || !DOTTED.test(tokenValue))
      return fail(ACTIVITY_ANNOTATIONS.tokenValue, "a values path such as security.password");
    const scheme = text(ACTIVITY_ANNOTATIONS.tokenScheme) ?? "token";
    if (typeof scheme !== "string" || !SCHEME.test(scheme))
      return fail(ACTIVITY_ANNOTATIONS.tokenScheme, "an Authorization scheme such as token");
    out.token = { valuePath: tokenValue, scheme };
  }
  return out;
}

/** The release's Service name for the chart's pattern; undefined when it is not a DNS label. */
export function activityServiceName(activity: ChartActivity, release: string): string | undefined {
  if (!isDnsLabel(release)) return undefined;
  const name = activity.service.replaceAll("$INSTANCE", release);
  return isDnsLabel(name) ? name : undefined;
}

/**
 * The URL asked for a release's last activity: the region's pattern with `$SERVICE`,
 * `$NAMESPACE`, `$PORT`, `$PATH` (and `$INSTANCE`) replaced. Undefined when the namespace or
 * the release's Service name is not a DNS label: nothing else ever reaches the host.
 */
export function activityUrl(
  pattern: string,
  activity: ChartActivity,
  target: { namespace: string; release: string },
): string | undefined {
  const service = activityServiceName(activity, target.release);
  if (service === undefined || !isDnsLabel(target.namespace)) return undefined;
  const values: Record<string, string> = {
    $SERVICE: service,
    $NAMESPACE: target.namespace,
    $INSTANCE: target.release,
    $PORT: String(activity.port),
    $PATH: activity.path,
  };
  return pattern.replace(/\$(?:SERVICE|NAMESPACE|INSTANCE|PORT|PATH)/g, (m) => values[m]!);
}

/**
 * The last-activity time in a JSON answer: an ISO 8601 string, or a number of epoch milliseconds
 * (seconds when below 10^11, i.e. a date before 1973 in milliseconds). Undefined when absent or
 * not a time.
 */
export function lastActivityIn(body: unknown, field: readonly string[]): number | undefined {
  let value: unknown = body;
  for (const key of field) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "number")
    return Number.isFinite(value) && value > 0 ? (value < 1e11 ? value * 1000 : value) : undefined;
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
