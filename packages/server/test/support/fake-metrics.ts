// A MetricsPort that records what it is told, for tests that check what a feature records.
import type {
  LaunchOutcome,
  MetricsPort,
  MetricsSources,
  RequestSample,
} from "../../src/platform/metrics-port.ts";

export interface RecordingMetrics extends MetricsPort {
  requests: RequestSample[];
  launches: { outcome: LaunchOutcome; phasesMs: Record<string, number> }[];
  catalogLoads: { catalogId: string; ok: boolean }[];
  relists: { region: string; kind: string }[];
  sources: Partial<MetricsSources>;
}

export function recordingMetrics(): RecordingMetrics {
  const metrics: RecordingMetrics = {
    requests: [],
    launches: [],
    catalogLoads: [],
    relists: [],
    sources: {},
    requestCompleted: (sample) => void metrics.requests.push(sample),
    launchCompleted: (outcome, phasesMs) =>
      void metrics.launches.push({ outcome, phasesMs: { ...phasesMs } }),
    catalogLoaded: (catalogId, ok) => void metrics.catalogLoads.push({ catalogId, ok }),
    watchRelisted: (region, kind) => void metrics.relists.push({ region, kind }),
    observe: (sources) => void Object.assign(metrics.sources, sources),
    collect: async () => ({ contentType: "text/plain", body: "" }),
  };
  return metrics;
}
