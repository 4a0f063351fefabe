// Everything a Service needs that depends on the release alone, computed once per release
// Secret version (the server memoizes it by resourceVersion, so listings do no YAML work).
import type { RegionExpose } from "../config/region-types.ts";
import { flattenValues, valueAt } from "./flatten-values.ts";
import type { HelmRelease } from "./helm-release.ts";
import { epochMs, helmTimeText } from "./helm-time.ts";
import {
  manifestControllers,
  manifestObjects,
  manifestUrls,
  type ControllerRef,
} from "./manifest.ts";

export interface ReleaseDigest {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description: string | undefined;
  notes: string;
  chartName: string;
  chartVersion: string;
  appVersion: string;
  /** User-supplied values (`helm get values`). */
  config: Record<string, unknown>;
  env: Record<string, string>;
  suspendable: boolean;
  suspended: boolean;
  urls: string[];
  controllers: ControllerRef[];
  firstDeployed: string | undefined;
  lastDeployed: string | undefined;
  /** Helm's text form of last_deployed. */
  updated: string;
  /** Epoch ms of last_deployed (Onyxia parses it from `updated`). */
  startedAt: number;
  labels: Record<string, string>;
}

/**
 * `suspendable`: the user values, or the chart's defaults, contain `global.suspend` (Onyxia reads
 * the user values only; a release installed with plain `helm install` has none).
 */
export function digestRelease(release: HelmRelease, expose?: RegionExpose): ReleaseDigest {
  const objects = manifestObjects(release.manifest);
  const userSuspend = valueAt(release.config, "global.suspend");
  const chartSuspend = valueAt(release.chart.values, "global.suspend");
  const lastDeployed = release.info.last_deployed;
  return {
    name: release.name,
    namespace: release.namespace,
    revision: release.version,
    status: release.info.status,
    description: release.info.description,
    notes: release.info.notes ?? "",
    chartName: release.chart.metadata.name,
    chartVersion: release.chart.metadata.version,
    appVersion: release.chart.metadata.appVersion ?? "",
    config: release.config,
    env: flattenValues(release.config),
    suspendable: userSuspend !== undefined || chartSuspend !== undefined,
    suspended: (userSuspend ?? chartSuspend) === true || (userSuspend ?? chartSuspend) === "true",
    urls: manifestUrls(objects, expose),
    controllers: manifestControllers(objects),
    firstDeployed: release.info.first_deployed,
    lastDeployed,
    updated: helmTimeText(lastDeployed) ?? "",
    startedAt: epochMs(lastDeployed),
    labels: release.labels ?? {},
  };
}
