// Pinned versions of the local Kubernetes control plane. Changing one means editing the
// matching go.mod under stack/go/ too (the versions there are what actually gets built).
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";

export const KUBERNETES_VERSION = "v1.33.13";
/** The etcd release Kubernetes 1.33 requires in its own go.mod (and is tested against). */
export const ETCD_VERSION = "v3.5.21";
/** KWOK v0.7.0 supports Kubernetes up to 1.33. */
export const KWOK_VERSION = "v0.7.0";

export const controlPlaneBinDir = (ctx: StackContext) =>
  path.join(ctx.cacheDir, `kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}`, "bin");
export const kwokBinDir = (ctx: StackContext) =>
  path.join(ctx.cacheDir, `kwok-${KWOK_VERSION}`, "bin");

export const binaries = (ctx: StackContext) => ({
  etcd: path.join(controlPlaneBinDir(ctx), "etcd"),
  kubeApiserver: path.join(controlPlaneBinDir(ctx), "kube-apiserver"),
  kubeControllerManager: path.join(controlPlaneBinDir(ctx), "kube-controller-manager"),
  kubeScheduler: path.join(controlPlaneBinDir(ctx), "kube-scheduler"),
  kwok: path.join(kwokBinDir(ctx), "kwok"),
});

/** Where this component keeps its state under `.stack/`. */
export const stateDir = (ctx: StackContext) => path.join(ctx.stateDir, "kubernetes");
