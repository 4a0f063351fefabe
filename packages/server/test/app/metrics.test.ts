// Issue 15 item 4: what the server records through its metrics port, and how /metrics is served
// (its own port, never the API's).
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createCatalogRuntime } from "../../src/catalogs/index.ts";
import { createHelmSlots } from "../../src/helm/index.ts";
import { startMetricsListener } from "../../src/http/metrics-listener.ts";
import { createPrometheusMetrics } from "../../src/metrics/prometheus.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";
import { recordingMetrics } from "../support/fake-metrics.ts";
import { configWith, startedApp } from "./fixtures.ts";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The value of one series in a Prometheus exposition, undefined when absent. */
function series(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const found = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!found) continue;
    const have = Object.fromEntries(
      [...(found[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(found[2]);
  }
  return undefined;
}

describe("request metrics", () => {
  it("count each request under its route pattern and status, never the raw URL", async () => {
    const metrics = createPrometheusMetrics();
    app = await startedApp(configWith({ catalogs: [] }), {
      platform: { kubernetes: { default: fakeKubernetes() }, metrics },
    });
    const count = "onyxia_http_request_duration_seconds_count";
    for (const key of ["ide/resources.json", "ide/resources.json", "no/such-schema.json"])
      await app.inject({ url: `/api/public/schemas/${key}?role=secret-role` });
    await app.inject({ url: "/api/nothing-here/12345" });
    const { body, contentType } = await metrics.collect();
    expect(contentType).toMatch(/^text\/plain/);
    const route = "/api/public/schemas/*";
    expect(series(body, count, { route, method: "GET", status: "200" })).toBe(2);
    expect(series(body, count, { route, method: "GET", status: "404" })).toBe(1);
    expect(series(body, count, { route: "unmatched", status: "404" })).toBe(1);
    expect(body).not.toContain("resources.json");
    expect(body).not.toContain("12345");
    expect(body).not.toContain("secret-role");
  });

  it("hands every answered request to the port (a fake records it)", async () => {
    const metrics = recordingMetrics();
    app = await startedApp(configWith({ catalogs: [] }), {
      platform: { kubernetes: { default: fakeKubernetes() }, metrics },
    });
    await app.inject({ url: "/api/public/ip" });
    expect(metrics.requests).toEqual([
      { route: "/api/public/ip", method: "GET", status: 200, seconds: expect.any(Number) },
    ]);
    // The app tells the port where the live values are.
    expect(metrics.sources.eventStreams?.()).toBe(0);
    expect(metrics.sources.catalogs?.()).toEqual([]);
    expect(metrics.sources.helm?.()).toEqual({ running: 0, queued: 0 });
  });
});

describe("live values", () => {
  it("read helm processes running and queued from the slots", async () => {
    const slots = createHelmSlots(1);
    const first = await slots.take();
    const second = slots.take();
    expect({ running: slots.running, queued: slots.queued }).toEqual({ running: 1, queued: 1 });
    let idle = false;
    const idled = slots.idle().then(() => (idle = true));
    const metrics = createPrometheusMetrics();
    metrics.observe({ helm: () => ({ running: slots.running, queued: slots.queued }) });
    const text = (await metrics.collect()).body;
    expect(series(text, "onyxia_helm_processes", { state: "running" })).toBe(1);
    expect(series(text, "onyxia_helm_processes", { state: "queued" })).toBe(1);
    first();
    (await second)();
    await idled;
    expect(idle).toBe(true);
    const after = (await metrics.collect()).body;
    expect(series(after, "onyxia_helm_processes", { state: "running" })).toBe(0);
  });

  it("give each catalog's age and count its failed loads", async () => {
    const metrics = createPrometheusMetrics(() => 50_000);
    const { catalogs } = configWith({ catalogs: [{ id: "gone", location: "/nonexistent/repo" }] });
    const runtime = createCatalogRuntime(catalogs, {
      onLoaded: (id, ok) => metrics.catalogLoaded(id, ok),
    });
    await runtime.start();
    await runtime.refresh();
    metrics.observe({
      catalogs: () => [...runtime.health(), { id: "fresh", lastUpdateTime: 20_000 }],
    });
    const text = (await metrics.collect()).body;
    expect(series(text, "onyxia_catalog_refresh_failures_total", { catalog: "gone" })).toBe(2);
    expect(series(text, "onyxia_catalog_refresh_age_seconds", { catalog: "fresh" })).toBe(30);
    // Never loaded: no age at all (not 0, which would read as "just refreshed").
    expect(series(text, "onyxia_catalog_refresh_age_seconds", { catalog: "gone" })).toBeUndefined();
    await runtime.stop();
  });

  it("give watch cache sizes, relists and open event streams", async () => {
    const metrics = createPrometheusMetrics();
    metrics.watchRelisted("local", "pods");
    metrics.watchRelisted("local", "pods");
    metrics.observe({
      watchCaches: () => [
        { region: "local", namespaces: 3, listOnly: 2, objects: { pods: 7, helmSecrets: 2 } },
      ],
      eventStreams: () => 4,
    });
    const text = (await metrics.collect()).body;
    expect(series(text, "onyxia_watch_relists_total", { region: "local", kind: "pods" })).toBe(2);
    expect(series(text, "onyxia_watch_cache_namespaces", { region: "local" })).toBe(3);
    // Over the stream budget: served by lists.
    expect(series(text, "onyxia_watch_cache_list_only_namespaces", { region: "local" })).toBe(2);
    expect(series(text, "onyxia_watch_cache_objects", { kind: "pods" })).toBe(7);
    expect(series(text, "onyxia_watch_cache_objects", { kind: "helmSecrets" })).toBe(2);
    expect(series(text, "onyxia_event_streams_open")).toBe(4);
    expect(series(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});

describe("the metrics listener", () => {
  it("serves /metrics on its own port, and the API port does not", async () => {
    const metrics = createPrometheusMetrics();
    app = await startedApp(configWith({ catalogs: [] }), {
      platform: { kubernetes: { default: fakeKubernetes() }, metrics },
    });
    const listener = await startMetricsListener(metrics, { port: 0, host: "127.0.0.1" });
    try {
      await app.inject({ url: "/api/public/ip" });
      const scraped = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      expect(
        series(text, "onyxia_http_request_duration_seconds_count", { route: "/api/public/ip" }),
      ).toBe(1);
      expect((await fetch(`http://127.0.0.1:${listener.port}/`)).status).toBe(404);
      expect(
        (await fetch(`http://127.0.0.1:${listener.port}/metrics`, { method: "POST" })).status,
      ).toBe(405);
      expect((await app.inject({ url: "/metrics" })).statusCode).toBe(404);
      expect((await app.inject({ url: "/api/metrics" })).statusCode).toBe(404);
    } finally {
      await listener.close();
    }
  });
});
