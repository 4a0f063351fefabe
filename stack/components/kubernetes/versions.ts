// Pinned versions of the local Kubernetes control plane. Changing one means editing the
// matching go.mod under stack/go/ too (the versions there are what actually gets built).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";

export const KUBERNETES_VERSION = "v1.33.13";
/** The etcd release Kubernetes 1.33 requires in its own go.mod (and is tested against). */
export const ETCD_VERSION = "v3.5.21";
/** KWOK v0.7.0 supports Kubernetes up to 1.33. */
export const KWOK_VERSION = "v0.7.0";
/** Built in the control plane's module (stack/go/kubernetes), against its library versions. */
export const METRICS_SERVER_VERSION = "v0.8.0";

export const goModuleDir = (ctx: StackContext, name: string) =>
  path.join(ctx.root, "stack", "go", name);

/** 8 hex digits of the module's go.mod + go.sum: any change of what gets built changes the folder. */
export function goModuleHash(ctx: StackContext, name: string): string {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum"])
    hash.update(fs.readFileSync(path.join(goModuleDir(ctx, name), file)));
  return hash.digest("hex").slice(0, 8);
}

export const controlPlaneBinDir = (ctx: StackContext) =>
  path.join(
    ctx.cacheDir,
    `kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}-metrics-server-${METRICS_SERVER_VERSION}-${goModuleHash(ctx, "kubernetes")}`,
    "bin",
  );
export const kwokBinDir = (ctx: StackContext) =>
  path.join(ctx.cacheDir, `kwok-${KWOK_VERSION}`, "bin");

export const binaries = (ctx: StackContext) => ({
  etcd: path.join(controlPlaneBinDir(ctx), "etcd"),
  kubeApiserver: path.join(controlPlaneBinDir(ctx), "kube-apiserver"),
  kubeControllerManager: path.join(controlPlaneBinDir(ctx), "kube-controller-manager"),
  kubeScheduler: path.join(controlPlaneBinDir(ctx), "kube-scheduler"),
  metricsServer: path.join(controlPlaneBinDir(ctx), "metrics-server"),
  kwok: path.join(kwokBinDir(ctx), "kwok"),
});

/** Where this component keeps its state under `.stack/`. */
export const stateDir = (ctx: StackContext) => path.join(ctx.stateDir, "kubernetes");
