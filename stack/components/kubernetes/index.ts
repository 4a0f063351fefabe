// The local Kubernetes: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
// KWOK (simulated nodes), as separate stack components so each has its own log and pid file;
// pod-metrics: the metrics API with CPU figures the tests set (idle suspend).
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { etcd } from "./etcd.ts";
import { kubeApiserver, type OidcSettings } from "./kube-apiserver.ts";
import { kubeControllerManager } from "./kube-controller-manager.ts";
import { kubeScheduler } from "./kube-scheduler.ts";
import { kwok } from "./kwok.ts";
import { podMetrics } from "./pod-metrics.ts";

export function kubernetesComponents(
  oidc?: (ctx: StackContext) => OidcSettings | undefined,
): StackComponent[] {
  return [etcd, kubeApiserver(oidc), kubeControllerManager, kubeScheduler, kwok, podMetrics];
}

export type { OidcSettings };
export { adminToken, paths as kubernetesPaths, tokenOf } from "./credentials.ts";
export { FAKE_NODES } from "./nodes.ts";
export { PEOPLE } from "./users.ts";
