// The activity signals beyond CPU against a real local HTTP server standing in for a release's
// Service (the chart's endpoint) and for Prometheus: what is asked, with which credential, and
// that every failure is an "unknown" reading, never an exception nor a request elsewhere.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  chartActivity,
  DEFAULT_INGRESS_QUERY,
  type ChartActivity,
  type IdleSuspendConfig,
} from "@onyxia-ts/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  activitySignals,
  httpActivity,
  ingressActivity,
} from "../../src/features/idle-suspend/index.ts";
import type { IdleTarget } from "../../src/platform/ports.ts";

const T0 = Date.parse("2026-11-30T08:00:00Z");
let server: Server;
let base = "";
const seen: { url: string; authorization: string | undefined }[] = [];
/** path → what the server answers. */
let answers: Record<
  string,
  (
    req: IncomingMessage,
  ) => { status: number; body: string; headers?: Record<string, string> } | "hang"
> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const path = (req.url ?? "").split("?")[0]!;
    const answer = answers[path]?.(req) ?? { status: 404, body: "{}" };
    if (answer === "hang") return; // never answers: the timeout decides
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
  answers = {};
});

const config = () =>
  ({
    // Outside the cluster: the pattern sends every release to the local stand-in.
    activityURLPattern: `${base}/svc/$NAMESPACE/$SERVICE/$PORT$PATH`,
    activityTimeoutMs: 300,
  }) satisfies Partial<IdleSuspendConfig>;

const jupyter = chartActivity({
  "onyxia-ts.dev/activity-path": "/api/status",
  "onyxia-ts.dev/activity-port": "8888",
  "onyxia-ts.dev/activity-token-value": "security.password",
}) as ChartActivity;
const target = {
  namespace: "user-alice",
  release: "jupyter-1",
  values: { security: { password: "tok3n" } },
};
const statusPath = "/svc/user-alice/jupyter-1/8888/api/status";
const json = (status: number, body: unknown) => () => ({ status, body: JSON.stringify(body) });

describe("the chart's HTTP activity signal", () => {
  it("asks the release's own Service with the credential from its values", async () => {
    answers[statusPath] = json(200, { last_activity: "2026-11-30T07:00:00.000000Z", kernels: 1 });
    const reading = await httpActivity(fetch, config(), jupyter, target);
    expect(reading).toEqual({ lastActivity: T0 - 3_600_000 });
    expect(seen).toEqual([{ url: statusPath, authorization: "token tok3n" }]);
  });

  it("is unknown, never an exception, on every failure", async () => {
    type Answer = (typeof answers)[string];
    const cases: [string, Answer, string][] = [
      ["non-2xx", json(503, {}), "HTTP 503"],
      ["bad JSON", () => ({ status: 200, body: "<html>" }), "not JSON"],
      ["no time", json(200, { last_activity: "soon" }), "no time in last_activity"],
      ["timeout", () => "hang", "timeout"],
      [
        "too big",
        () => ({ status: 200, body: `{"x":"${"a".repeat(70_000)}"}` }),
        "answer over 65536 bytes",
      ],
    ];
    for (const [name, answer, reason] of cases) {
      answers[statusPath] = answer;
      expect(await httpActivity(fetch, config(), jupyter, target), name).toEqual({
        unknown: reason,
      });
    }
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    const closed = {
      ...config(),
      activityURLPattern: `http://127.0.0.1:${port}/$SERVICE/$NAMESPACE`,
    };
    expect(await httpActivity(fetch, closed, jupyter, target)).toEqual({ unknown: "ECONNREFUSED" });
  });

  it("never follows a redirect (the Service cannot send the server elsewhere)", async () => {
    answers[statusPath] = () => ({
      status: 302,
      body: "",
      headers: { location: `${base}/elsewhere` },
    });
    answers["/elsewhere"] = json(200, { last_activity: "2026-11-30T07:00:00Z" });
    expect(await httpActivity(fetch, config(), jupyter, target)).toEqual({ unknown: "HTTP 302" });
    expect(seen.map((s) => s.url)).toEqual([statusPath]);
  });

  it("asks nothing when the release's name or its credential is unusable", async () => {
    for (const [t, reason] of [
      [{ ...target, release: "x.evil.example:80/" }, "the release's name is not a DNS name"],
      [{ ...target, namespace: "a/b" }, "the release's name is not a DNS name"],
      [{ ...target, values: {} }, "no credential at security.password in the values"],
      [
        { ...target, values: { security: { password: "a\r\nHost: evil" } } },
        "no credential at security.password in the values",
      ],
    ] as const)
      expect(await httpActivity(fetch, config(), jupyter, t)).toEqual({ unknown: reason });
    expect(seen).toEqual([]);
  });
});

const prometheus = () => ({
  URL: `${base}/prom`,
  query: DEFAULT_INGRESS_QUERY,
  minWindowMs: 120_000,
});
const vector = (...values: string[]) =>
  json(200, {
    status: "success",
    data: {
      resultType: "vector",
      result: values.map((v) => ({ metric: {}, value: [T0 / 1000, v] })),
    },
  });

describe("the ingress traffic from Prometheus", () => {
  it("queries the release's namespace and ingress over the idle period so far", async () => {
    answers["/prom/api/v1/query"] = vector("4.5", "1");
    const reading = await ingressActivity(fetch, prometheus(), 300, target, T0 - 600_000, T0);
    expect(reading).toEqual({ requests: 5.5, windowMs: 600_000 });
    const asked = new URL(seen[0]!.url, base);
    expect(asked.searchParams.get("query")).toBe(
      'sum(increase(nginx_ingress_controller_requests{namespace="user-alice",ingress=~"jupyter-1(-.+)?"}[600s]))',
    );
    expect(asked.searchParams.get("time")).toBe(String(T0 / 1000));
  });

  it("never queries less than minWindow; no series is no request", async () => {
    answers["/prom/api/v1/query"] = vector();
    expect(await ingressActivity(fetch, prometheus(), 300, target, T0 - 5_000, T0)).toEqual({
      requests: 0,
      windowMs: 120_000,
    });
    expect(new URL(seen[0]!.url, base).searchParams.get("query")).toContain("[120s]");
  });

  it("is unknown when Prometheus fails or answers something else", async () => {
    for (const [answer, reason] of [
      [json(400, { status: "error", error: "parse error" }), "Prometheus: HTTP 400"],
      [json(200, { status: "error" }), "Prometheus: not a vector or scalar result"],
      [
        json(200, { status: "success", data: { resultType: "matrix", result: [] } }),
        "Prometheus: not a vector or scalar result",
      ],
      [vector("NaN"), "Prometheus: not a vector or scalar result"],
      [() => "hang" as const, "Prometheus: timeout"],
    ] as const) {
      answers["/prom/api/v1/query"] = answer;
      expect(await ingressActivity(fetch, prometheus(), 300, target, undefined, T0)).toEqual({
        unknown: reason,
      });
    }
  });
});

describe("activitySignals", () => {
  const idleTarget = (over: Partial<IdleTarget>): IdleTarget => ({
    ...target,
    chart: "jupyter",
    catalogId: "ide",
    chartVersion: "1.0.0",
    owner: "alice",
    friendlyName: null,
    suspended: false,
    suspendable: true,
    annotation: undefined,
    resourceVersion: undefined,
    ...over,
  });

  it("reads only the signals that apply: the chart's declaration, the region's Prometheus", async () => {
    answers[statusPath] = json(200, { last_activity: "2026-11-30T07:00:00Z" });
    answers["/prom/api/v1/query"] = vector("0");
    const declarations: Record<string, ReturnType<typeof chartActivity>> = {
      jupyter,
      broken: chartActivity({ "onyxia-ts.dev/activity-path": "/x" }),
    };
    const both = activitySignals({
      config: { ...config(), prometheus: prometheus() },
      chartActivity: (t) => declarations[t.chart],
    });
    expect(await both.read(idleTarget({}), undefined, T0)).toEqual({
      http: { lastActivity: T0 - 3_600_000 },
      ingress: { requests: 0, windowMs: 120_000 },
    });
    expect(await both.read(idleTarget({ chart: "postgres" }), undefined, T0)).toEqual({
      ingress: { requests: 0, windowMs: 120_000 },
    });
    expect(await both.read(idleTarget({ chart: "broken" }), undefined, T0)).toMatchObject({
      http: { unknown: "bad activity annotation in Chart.yaml" },
    });
    const cpuOnly = activitySignals({ config: config(), chartActivity: () => undefined });
    seen.length = 0;
    expect(await cpuOnly.read(idleTarget({ chart: "postgres" }), undefined, T0)).toEqual({});
    expect(seen).toEqual([]);
  });
});
