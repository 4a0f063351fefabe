// The activity rule (docs/idle-suspend.md): any signal showing activity keeps the service; else
// any unanswered signal makes the activity unknown; else idle. And the chart's declaration.
import { describe, expect, it } from "vitest";
import {
  activityUrl,
  chartActivity,
  checkIdleSuspend,
  combineActivity,
  decideIdle,
  DEFAULT_ACTIVITY_URL_PATTERN,
  DEFAULT_INGRESS_QUERY,
  lastActivityIn,
  type ChartActivity,
  type IdleRecord,
  type IdleSuspendConfig,
} from "../../src/idle/index.ts";
import type { ConfigIssue } from "../../src/config/shape.ts";

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse("2026-11-30T08:00:00Z");
const since = T0 - 2 * H;

describe("combineActivity", () => {
  it("CPU alone: at or above the threshold is activity now, below is idle, no figure is unknown", () => {
    expect(combineActivity({ cpu: 50 }, 50, since, T0)).toMatchObject({
      status: "active",
      at: T0,
      by: ["cpu"],
      figures: "CPU 50m at or above 50m",
    });
    expect(combineActivity({ cpu: 3 }, 50, since, T0)).toEqual({
      status: "idle",
      figures: "CPU 3m below 50m",
    });
    expect(combineActivity({ cpu: undefined }, 50, since, T0)).toMatchObject({
      status: "unknown",
      unknown: ["cpu"],
    });
  });

  it("the HTTP signal is activity only when later than the last activity counted", () => {
    const later = combineActivity({ cpu: 3, http: { lastActivity: since + M } }, 50, since, T0);
    expect(later).toMatchObject({ status: "active", at: since + M, by: ["http"] });
    expect(later.figures).toBe(
      `CPU 3m below 50m; HTTP last activity ${new Date(since + M).toISOString()}`,
    );
    expect(combineActivity({ cpu: 3, http: { lastActivity: since } }, 50, since, T0).status).toBe(
      "idle",
    );
    // Observation starting now: nothing before it counts.
    expect(
      combineActivity({ cpu: 3, http: { lastActivity: T0 - M } }, 50, undefined, T0).status,
    ).toBe("idle");
    // A clock ahead of ours: activity now, never in the future.
    expect(
      combineActivity({ cpu: 3, http: { lastActivity: T0 + H } }, 50, since, T0),
    ).toMatchObject({ status: "active", at: T0 });
  });

  it("ingress traffic: more than 0 requests in the window is activity now", () => {
    expect(
      combineActivity({ cpu: 3, ingress: { requests: 0.5, windowMs: 2 * H } }, 50, since, T0),
    ).toMatchObject({ status: "active", at: T0, by: ["ingress"] });
    expect(
      combineActivity({ cpu: 3, ingress: { requests: 0, windowMs: 2 * H } }, 50, since, T0),
    ).toEqual({ status: "idle", figures: "CPU 3m below 50m; ingress 0 requests in 2 h" });
  });

  it("any activity wins over unknown signals; the latest activity counts", () => {
    const v = combineActivity(
      { cpu: undefined, http: { lastActivity: since + M }, ingress: { unknown: "timeout" } },
      50,
      since,
      T0,
    );
    expect(v).toMatchObject({ status: "active", at: since + M, by: ["http"] });
    const both = combineActivity(
      { cpu: 80, http: { lastActivity: since + M }, ingress: { requests: 2, windowMs: H } },
      50,
      since,
      T0,
    );
    expect(both).toMatchObject({ status: "active", at: T0, by: ["cpu", "http", "ingress"] });
  });

  it("no activity and any unanswered signal: unknown, naming each", () => {
    const v = combineActivity(
      { cpu: 3, http: { unknown: "HTTP 502" }, ingress: { unknown: "Prometheus: timeout" } },
      50,
      since,
      T0,
    );
    expect(v).toEqual({
      status: "unknown",
      unknown: ["http", "ingress"],
      figures:
        "CPU 3m below 50m; HTTP activity unknown (HTTP 502); ingress traffic unknown (Prometheus: timeout)",
    });
  });
});

const config: IdleSuspendConfig = {
  enabled: true,
  afterMs: 8 * H,
  cpuBelowMillicores: 50,
  warnBeforeMs: H,
  excludeCharts: [],
  excludeProjects: [],
  sampleEveryMs: 30_000,
  activityURLPattern: DEFAULT_ACTIVITY_URL_PATTERN,
  activityTimeoutMs: 5000,
};
const observed: IdleRecord = { lastActive: T0 - 7.5 * H, cpu: 3, warnedAt: T0 - 0.5 * H };
const decide = (signals: Parameters<typeof decideIdle>[0]["signals"], record = observed) =>
  decideIdle({
    config,
    record,
    now: T0,
    cpu: 3,
    signals,
    suspended: false,
    excluded: false,
    granularityMs: M,
  });

describe("decideIdle with the other signals", () => {
  it("HTTP activity moves the last activity to its time and withdraws the warning", () => {
    const d = decide({ http: { lastActivity: T0 - H } });
    expect(d.state).toBe("active");
    expect(d.write).toBe(true);
    expect(d.record).toEqual({ lastActive: T0 - H, cpu: 3, activeBy: ["http"] });
  });

  it("an unanswered signal leaves a warned service alone and restarts the count when it answers", () => {
    const d = decide({ http: { unknown: "timeout" } });
    expect(d.state).toBe("unknown");
    expect(d.record).toEqual({ lastActive: T0, cpu: 3, unknown: ["http"] });
    expect(d.write).toBe(true);
    // Still unknown: nothing to write.
    expect(decide({ http: { unknown: "HTTP 500" } }, d.record).write).toBe(false);
    // It answers, with old activity: observation starts at that sample, not before.
    const back = decideIdle({
      config,
      record: d.record,
      now: T0 + M,
      cpu: 3,
      signals: { http: { lastActivity: T0 - 3 * H } },
      suspended: false,
      excluded: false,
      granularityMs: M,
    });
    expect(back.state).toBe("active");
    expect(back.record).toEqual({ lastActive: T0 + M, cpu: 3 });
  });

  it("every signal idle for the whole window: paused, the reason's figures naming them all", () => {
    const record: IdleRecord = { lastActive: T0 - 8 * H, cpu: 3, warnedAt: T0 - H };
    const d = decide(
      { http: { lastActivity: T0 - 9 * H }, ingress: { requests: 0, windowMs: 8 * H } },
      record,
    );
    expect(d.state).toBe("to-suspend");
    expect(d.activity?.figures).toBe(
      `CPU 3m below 50m; HTTP last activity ${new Date(T0 - 9 * H).toISOString()}, none since; ingress 0 requests in 8 h`,
    );
  });
});

describe("a chart's activity annotations", () => {
  const base = {
    "onyxia-ts.dev/activity-path": "/api/status",
    "onyxia-ts.dev/activity-port": "8888",
  };

  it("reads the path, port, Service, field and credential, with defaults", () => {
    expect(chartActivity({ other: "x" })).toBeUndefined();
    expect(chartActivity(base)).toEqual({
      path: "/api/status",
      port: 8888,
      service: "$INSTANCE",
      field: ["last_activity"],
    });
    expect(
      chartActivity({
        ...base,
        "onyxia-ts.dev/activity-service": "$INSTANCE-jupyter",
        "onyxia-ts.dev/activity-field": "status.last",
        "onyxia-ts.dev/activity-token-value": "security.password",
      }),
    ).toEqual({
      path: "/api/status",
      port: 8888,
      service: "$INSTANCE-jupyter",
      field: ["status", "last"],
      token: { valuePath: "security.password", scheme: "token" },
    });
  });

  it("refuses what could leave the release's Service, naming the annotation", () => {
    for (const [key, value] of [
      ["onyxia-ts.dev/activity-path", "//evil.example/x"],
      ["onyxia-ts.dev/activity-path", "@evil.example/x"],
      ["onyxia-ts.dev/activity-path", "/a#b"],
      ["onyxia-ts.dev/activity-port", "99999"],
      ["onyxia-ts.dev/activity-port", "80@evil"],
      ["onyxia-ts.dev/activity-service", "evil.example.com"],
      ["onyxia-ts.dev/activity-service", "a/b"],
      ["onyxia-ts.dev/activity-token-scheme", "token x"],
    ] as const) {
      const declared = chartActivity({
        ...base,
        "onyxia-ts.dev/activity-token-value": "security.password",
        [key]: value,
      });
      expect(declared, `${key}=${value}`).toHaveProperty("error");
      expect((declared as { error: string }).error).toContain(key);
    }
  });

  it("builds the URL of the release's own Service only", () => {
    const a = chartActivity({
      ...base,
      "onyxia-ts.dev/activity-service": "$INSTANCE-nb",
    }) as ChartActivity;
    expect(
      activityUrl(DEFAULT_ACTIVITY_URL_PATTERN, a, {
        namespace: "user-alice",
        release: "jupyter-1",
      }),
    ).toBe("http://jupyter-1-nb.user-alice.svc.cluster.local:8888/api/status");
    for (const target of [
      { namespace: "user-alice", release: "evil.com:80/x?" },
      { namespace: "user-alice", release: "a@b" },
      { namespace: "other.svc.evil", release: "jupyter-1" },
      { namespace: "user-alice", release: "x".repeat(62) },
    ])
      expect(
        activityUrl(DEFAULT_ACTIVITY_URL_PATTERN, a, target),
        JSON.stringify(target),
      ).toBeUndefined();
  });

  it("reads ISO times and epoch milliseconds or seconds", () => {
    expect(
      lastActivityIn({ last_activity: "2026-11-30T08:00:00.123456Z" }, ["last_activity"]),
    ).toBe(Date.parse("2026-11-30T08:00:00.123Z"));
    expect(lastActivityIn({ lastHeartbeat: T0 }, ["lastHeartbeat"])).toBe(T0);
    expect(lastActivityIn({ a: { b: T0 / 1000 } }, ["a", "b"])).toBe(T0);
    for (const body of [{}, { last_activity: "yesterday" }, { last_activity: null }, [], "x", null])
      expect(lastActivityIn(body, ["last_activity"])).toBeUndefined();
  });
});

describe("services.idleSuspend's activity keys", () => {
  const check = (extra: Record<string, unknown>) => {
    const issues: ConfigIssue[] = [];
    const parsed = checkIdleSuspend(
      { enabled: true, ...extra },
      "regions[0].services.idleSuspend",
      issues,
    );
    return { parsed, issues };
  };

  it("defaults: in-cluster DNS, 5 s, no Prometheus", () => {
    const { parsed, issues } = check({});
    expect(issues).toEqual([]);
    expect(parsed).toMatchObject({
      activityURLPattern: DEFAULT_ACTIVITY_URL_PATTERN,
      activityTimeoutMs: 5000,
    });
    expect(parsed?.prometheus).toBeUndefined();
  });

  it("Prometheus with the default ingress-nginx query, or the operator's", () => {
    expect(check({ prometheus: { URL: "http://prom:9090/" } }).parsed?.prometheus).toEqual({
      URL: "http://prom:9090",
      query: DEFAULT_INGRESS_QUERY,
      minWindowMs: 2 * M,
    });
    const { issues } = check({
      activityURLPattern: "http://127.0.0.1:8001/$PATH",
      prometheus: { URL: "prom:9090", query: "sum(x)", minWindow: "soon", extra: 1 },
    });
    expect(issues.map((i) => `${i.level} ${i.path}`)).toEqual([
      "error regions[0].services.idleSuspend.activityURLPattern",
      "warning regions[0].services.idleSuspend.prometheus.extra",
      "error regions[0].services.idleSuspend.prometheus.URL",
      "error regions[0].services.idleSuspend.prometheus.query",
      "error regions[0].services.idleSuspend.prometheus.minWindow",
    ]);
  });
});
