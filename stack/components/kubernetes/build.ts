// Builds the control plane (with metrics-server) and KWOK from the Go module proxy into the
// cache, once per version.
import fs from "node:fs";
import type { StackContext } from "../../lib/component.ts";
import { goBuild } from "../../lib/go-build.ts";
import {
  binaries,
  controlPlaneBinDir,
  goModuleDir,
  KUBERNETES_VERSION,
  kwokBinDir,
} from "./versions.ts";

// What Kubernetes' own release build stamps in, so `kubectl version` and Helm's
// `kubeVersion` checks see v1.33.x instead of v0.0.0-master.
function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  const flags = ["-s", "-w"];
  for (const pkg of ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]) {
    flags.push(
      `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    );
  }
  return flags.join(" ");
}

const allExist = (files: string[]) => files.every((file) => fs.existsSync(file));

async function buildControlPlane(ctx: StackContext): Promise<void> {
  const bin = binaries(ctx);
  const all = [bin.etcd, bin.kubeApiserver, bin.kubeControllerManager, bin.kubeScheduler];
  if (allExist([...all, bin.metricsServer])) return;
  await goBuild({
    label: "kubernetes",
    moduleDir: goModuleDir(ctx, "kubernetes"),
    packages: [
      "k8s.io/kubernetes/cmd/kube-apiserver",
      "k8s.io/kubernetes/cmd/kube-controller-manager",
      "k8s.io/kubernetes/cmd/kube-scheduler",
      "go.etcd.io/etcd/server/v3",
      // Shares ~1,000 of its ~1,050 packages with the three above: one build compiles them once.
      "sigs.k8s.io/metrics-server/cmd/metrics-server",
    ],
    outDir: controlPlaneBinDir(ctx),
    ldflags: versionLdflags(),
    // etcd's main package is its module root (…/server/v3): go would name that binary "server".
    names: { "go.etcd.io/etcd/server/v3": "etcd" },
    log: ctx.log,
  });
}

async function buildKwok(ctx: StackContext): Promise<void> {
  if (allExist([binaries(ctx).kwok])) return;
  await goBuild({
    label: "kwok",
    moduleDir: goModuleDir(ctx, "kwok"),
    packages: ["sigs.k8s.io/kwok/cmd/kwok"],
    outDir: kwokBinDir(ctx),
    log: ctx.log,
  });
}

// The control-plane pieces share one `go build` (shared packages compile once) and KWOK has its
// own; each runs once per process (per cache folder), so parallel `build()` calls share it.
const pending = new Map<string, Promise<void>>();
const once = (key: string, build: () => Promise<void>) => {
  let promise = pending.get(key);
  if (!promise) {
    promise = build();
    pending.set(key, promise);
    // A failed build may be retried by a later call (e.g. the next `up`).
    promise.catch(() => pending.delete(key));
  }
  return promise;
};

/** The build() of etcd, kube-apiserver, kube-controller-manager, kube-scheduler and metrics-server. */
export const buildControlPlaneOnce = (ctx: StackContext): Promise<void> =>
  once(controlPlaneBinDir(ctx), () => buildControlPlane(ctx));

/** The build() of KWOK. */
export const buildKwokOnce = (ctx: StackContext): Promise<void> =>
  once(kwokBinDir(ctx), () => buildKwok(ctx));
