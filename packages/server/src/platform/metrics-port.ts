// The operational metrics port: what the server records (requests, launches, catalog loads,
// watch relists) and the live values read when metrics are collected (helm processes, catalog
// ages, watch cache sizes, event streams). The adapter (metrics/prometheus.ts) exposes them to
// Prometheus; unit tests hand in a recording fake (test/support/fake-metrics.ts) or `noMetrics`.
import { DomainError, type DomainErrorKind } from "../domain/errors.ts";
import { toDomainError } from "./translate-errors.ts";

/** How a launch ended: installed, rendered only (dry run), refused (4xx: invalid, quota…) or failed. */
export type LaunchOutcome = "installed" | "dry-run" | "refused" | "failed";

const REFUSALS: readonly DomainErrorKind[] = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not-found",
  "conflict",
  "too-many-requests",
];

/** A launch that threw: refused when the caller's request cannot be served as asked (4xx), else failed. */
export function failedLaunchOutcome(error: unknown): LaunchOutcome {
  const domain = toDomainError(error);
  return domain instanceof DomainError && REFUSALS.includes(domain.kind) ? "refused" : "failed";
}

export interface RequestSample {
  /** The route pattern (`/my-lab/app`), never the raw URL; "unmatched" when no route matched. */
  route: string;
  method: string;
  status: number;
  seconds: number;
}

/** Live values, read each time metrics are collected (nothing is copied in between). */
export interface MetricsSources {
  helm(): { running: number; queued: number };
  /** Per catalog, the epoch ms of its last good load (0: never loaded). */
  catalogs(): readonly { id: string; lastUpdateTime: number }[];
  /** Per region: namespaces watched, those served by lists (over the stream budget), objects per kind. */
  watchCaches(): readonly {
    region: string;
    namespaces: number;
    listOnly?: number;
    objects: Readonly<Record<string, number>>;
  }[];
  /** Server-Sent Events streams open now. */
  eventStreams(): number;
}

export interface MetricsPort {
  requestCompleted(sample: RequestSample): void;
  /** `phasesMs`: the launch's timed phases (validate, namespace, quota, secret, install, helm-queue…). */
  launchCompleted(outcome: LaunchOutcome, phasesMs: Readonly<Record<string, number>>): void;
  catalogLoaded(catalogId: string, ok: boolean): void;
  /** A watch cache listed its objects again (first sync, expired version or error). */
  watchRelisted(region: string, kind: string): void;
  /** Where the live values come from; a later call replaces the sources it names. */
  observe(sources: Partial<MetricsSources>): void;
  /** The exposition (Prometheus text format) and its content type. */
  collect(): Promise<{ contentType: string; body: string }>;
}

/** Records nothing (benchmarks, tests that do not look at metrics). */
export const noMetrics: MetricsPort = {
  requestCompleted: () => undefined,
  launchCompleted: () => undefined,
  catalogLoaded: () => undefined,
  watchRelisted: () => undefined,
  observe: () => undefined,
  collect: async () => ({ contentType: "text/plain; version=0.0.4", body: "" }),
};
