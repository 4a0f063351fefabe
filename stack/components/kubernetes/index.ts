// The local Kubernetes: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
// KWOK (simulated nodes and their resource usage) and metrics-server (the metrics API, through the
// aggregation layer), as separate stack components so each has its own log and pid file.
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { etcd } from "./etcd.ts";
import { kubeApiserver, type OidcSettings } from "./kube-apiserver.ts";
import { kubeControllerManager } from "./kube-controller-manager.ts";
import { kubeScheduler } from "./kube-scheduler.ts";
import { kwok } from "./kwok.ts";
import { metricsServer } from "./metrics-server.ts";

export function kubernetesComponents(
  oidc?: (ctx: StackContext) => OidcSettings | undefined,
): StackComponent[] {
  return [etcd, kubeApiserver(oidc), kubeControllerManager, kubeScheduler, kwok, metricsServer];
}

export type { OidcSettings };
export { adminToken, paths as kubernetesPaths, tokenOf } from "./credentials.ts";
export { FAKE_NODES } from "./nodes.ts";
export { DEFAULT_USAGE, USAGE_ANNOTATIONS } from "./kwok-usage.ts";
export { METRICS_API, METRIC_RESOLUTION_S } from "./metrics-server.ts";
export { PEOPLE } from "./users.ts";
