// Builds the idle controller of each region where `services.idleSuspend.enabled`, with the real
// ports: the Lease in the server's namespace, the namespace caches, the metrics API, and the
// user's suspend and uninstall paths acting for the release's owner with the server's identity.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Region } from "@onyxia-ts/core";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import type { Platform, RegionPlatform } from "../../platform/compose.ts";
import { safeUrl } from "../../platform/event-sink.ts";
import { helmIdentityFor } from "../../platform/helm-identity.ts";
import { podMetricsUsage } from "../../platform/pod-metrics.ts";
import type { IdleTarget, UsagePort } from "../../platform/ports.ts";
import { setSuspended, uninstall } from "../release-actions/index.ts";
import type { ReleaseDeps } from "../releases/index.ts";
import {
  createIdleController,
  type IdleAuditRecord,
  type IdleController,
  type IdleNotice,
} from "./controller.ts";
import { cacheInventory, regionNamespaces } from "./inventory.ts";
import { leaderElector, type LeaderElector } from "./lease.ts";
import { activitySignals } from "./signals.ts";

/** The owner as the release actions need them, acting with the server's identity. */
export function systemCallerFor(target: IdleTarget, rp: RegionPlatform): ActingCaller {
  const project = {
    id: target.namespace,
    namespace: target.namespace,
    name: target.namespace,
    vaultTopDir: "",
  };
  const kube = { mode: "serviceAccount" } as const;
  return {
    user: {
      idep: target.owner,
      email: "",
      nomComplet: target.owner,
      ip: "",
      groups: [],
      roles: [],
      attributes: {},
    },
    region: rp.region,
    projects: [project],
    project,
    kube,
    sharedNamespace: false,
    owner: { kind: "user", idep: target.owner },
    server: rp.kube,
    asCaller: rp.kube,
    identity: helmIdentityFor(rp.region, kube, rp.kubeconfig),
  };
}

/** The webhook POST (5 s timeout); errors name the URL without its query or credentials. */
export function webhookNotifier(url: string | undefined, post: typeof fetch = fetch) {
  return async (notice: IdleNotice) => {
    if (!url) return;
    let response: Response;
    try {
      response = await post(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: `service.idle.${notice.kind}`, ...notice }),
        signal: AbortSignal.timeout(5000),
      });
    } catch (error) {
      throw new Error(`POST ${safeUrl(url)}: ${(error as Error).name}`, { cause: error });
    }
    if (!response.ok) throw new Error(`POST ${safeUrl(url)}: HTTP ${response.status}`);
  };
}

export interface IdleWiring {
  platform: Platform;
  releaseDeps: Pick<
    ReleaseDeps,
    "catalogs" | "helm" | "events" | "caCertsDir" | "quotaReservations"
  >;
  /** Where the Lease lives: the server's own namespace (a singleNamespace region's one namespace). */
  leaseNamespace: string;
  audit(entry: IdleAuditRecord): void;
  log?: { info(message: string): void; warn(message: string): void };
  post?: typeof fetch;
  /** This replica's name on the Lease. Default host-pid-random. */
  holder?: string;
  /** Default: the metrics API. */
  usage?: UsagePort;
  /** How the HTTP signal and Prometheus are asked. Default: fetch. */
  fetchActivity?: typeof fetch;
  /** Default: 3 samples. */
  leaseDurationMs?: number;
}

export const leaseNameFor = (region: Region) =>
  `onyxia-idle-suspend-${region.id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63);

export async function idleControllerFor(
  region: Region,
  wiring: IdleWiring,
): Promise<{ controller: IdleController; elector: LeaderElector } | undefined> {
  const config = region.services.idleSuspend;
  if (!config?.enabled) return undefined;
  const rp = await wiring.platform.region(region);
  const elector = leaderElector(rp.kube, wiring.platform.clock, {
    namespace: wiring.leaseNamespace,
    name: leaseNameFor(region),
    holder: wiring.holder ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    durationMs: wiring.leaseDurationMs ?? Math.max(15_000, config.sampleEveryMs * 3),
  });
  const controller = createIdleController({
    region,
    config,
    kube: rp.kube,
    inventory: cacheInventory(
      rp.kube,
      rp.caches,
      wiring.platform.syncTimeoutMs,
      regionNamespaces(region, wiring.leaseNamespace),
    ),
    usage: wiring.usage ?? podMetricsUsage(rp.kube),
    signals: activitySignals({
      config,
      // The version the release runs: its Chart.yaml annotations, as the catalog loaded them.
      chartActivity: (target) =>
        target.catalogId === null
          ? undefined
          : wiring.releaseDeps.catalogs
              .get(target.catalogId)
              ?.content?.charts.get(target.chart)
              ?.find((v) => v.entry.version === target.chartVersion)?.activity,
      ...(wiring.fetchActivity ? { fetch: wiring.fetchActivity } : {}),
    }),
    elector,
    clock: wiring.platform.clock,
    suspend: async (target) => {
      await setSuspended(wiring.releaseDeps, systemCallerFor(target, rp), target.release, true);
    },
    uninstall: async (target) => {
      await uninstall(wiring.releaseDeps, systemCallerFor(target, rp), target.release);
    },
    notify: webhookNotifier(config.webhookURL, wiring.post),
    audit: wiring.audit,
    ...(wiring.log ? { log: wiring.log } : {}),
  });
  return { controller, elector };
}
