// The metrics port over prom-client: one Registry per server (not prom-client's global one, so
// every app built in a test process has its own), the live values read at collection time from
// the sources the composition root hands in. prom-client's default collectors are NOT enabled:
// the event-loop-lag one keeps a 10 ms timer running and the GC one a performance observer; the
// two process figures worth having here (resident memory, heap in use) are read at collection.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { MetricsPort, MetricsSources } from "../platform/metrics-port.ts";

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PHASE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

const noSources: MetricsSources = {
  helm: () => ({ running: 0, queued: 0 }),
  catalogs: () => [],
  watchCaches: () => [],
  eventStreams: () => 0,
};

export function createPrometheusMetrics(now: () => number = Date.now): MetricsPort {
  const registry = new Registry();
  const registers = [registry];
  const sources: MetricsSources = { ...noSources };

  const requests = new Histogram({
    name: "onyxia_http_request_duration_seconds",
    help: "HTTP requests by route pattern, method and status (event streams: their whole life)",
    labelNames: ["route", "method", "status"] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const launches = new Counter({
    name: "onyxia_launches_total",
    help: "Launches (PUT /my-lab/app) by outcome: installed, dry-run, refused (4xx), failed",
    labelNames: ["outcome"] as const,
    registers,
  });
  const launchPhases = new Histogram({
    name: "onyxia_launch_phase_duration_seconds",
    help: "Time spent in each phase of a launch (helm-queue: waiting for a free helm process)",
    labelNames: ["phase", "outcome"] as const,
    buckets: PHASE_BUCKETS,
    registers,
  });
  new Gauge({
    name: "onyxia_helm_processes",
    help: "helm processes running, and calls queued for a free slot (runtime.helmConcurrency)",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const { running, queued } = sources.helm();
      this.set({ state: "running" }, running);
      this.set({ state: "queued" }, queued);
    },
  });
  new Gauge({
    name: "onyxia_catalog_refresh_age_seconds",
    help: "Seconds since the catalog's last good load (absent until its first)",
    labelNames: ["catalog"] as const,
    registers,
    collect() {
      this.reset();
      const at = now();
      for (const c of sources.catalogs())
        if (c.lastUpdateTime > 0)
          this.set({ catalog: c.id }, Math.max(0, (at - c.lastUpdateTime) / 1000));
    },
  });
  const catalogFailures = new Counter({
    name: "onyxia_catalog_refresh_failures_total",
    help: "Catalog loads that failed (the previous content, if any, is kept)",
    labelNames: ["catalog"] as const,
    registers,
  });
  new Gauge({
    name: "onyxia_watch_cache_namespaces",
    help: "Namespaces whose objects are watched and kept in memory",
    labelNames: ["region"] as const,
    registers,
    collect() {
      this.reset();
      for (const c of sources.watchCaches()) this.set({ region: c.region }, c.namespaces);
    },
  });
  new Gauge({
    name: "onyxia_watch_cache_list_only_namespaces",
    help: "Namespaces served by plain lists because the watch stream budget is full",
    labelNames: ["region"] as const,
    registers,
    collect() {
      this.reset();
      for (const c of sources.watchCaches()) this.set({ region: c.region }, c.listOnly ?? 0);
    },
  });
  new Gauge({
    name: "onyxia_watch_cache_objects",
    help: "Objects kept by the watch caches, per kind",
    labelNames: ["region", "kind"] as const,
    registers,
    collect() {
      this.reset();
      for (const c of sources.watchCaches())
        for (const [kind, count] of Object.entries(c.objects))
          this.set({ region: c.region, kind }, count);
    },
  });
  const relists = new Counter({
    name: "onyxia_watch_relists_total",
    help: "Full lists made by the watch caches (first sync, expired resourceVersion, errors)",
    labelNames: ["region", "kind"] as const,
    registers,
  });
  new Gauge({
    name: "onyxia_event_streams_open",
    help: "Server-Sent Events streams open (GET /my-lab/events)",
    registers,
    collect() {
      this.set(sources.eventStreams());
    },
  });
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes",
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: "nodejs_heap_size_used_bytes",
    help: "V8 heap in use, in bytes",
    registers,
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });

  return {
    requestCompleted({ route, method, status, seconds }) {
      requests.observe({ route, method, status: String(status) }, seconds);
    },
    launchCompleted(outcome, phasesMs) {
      launches.inc({ outcome });
      for (const [phase, ms] of Object.entries(phasesMs))
        launchPhases.observe({ phase, outcome }, ms / 1000);
    },
    catalogLoaded(catalogId, ok) {
      // Created at 0 on the first load, so a rate over the first failure is not lost.
      if (ok) catalogFailures.inc({ catalog: catalogId }, 0);
      else catalogFailures.inc({ catalog: catalogId });
    },
    watchRelisted(region, kind) {
      relists.inc({ region, kind });
    },
    observe(given) {
      Object.assign(sources, given);
    },
    async collect() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
