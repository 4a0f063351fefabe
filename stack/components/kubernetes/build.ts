// Builds the control plane and KWOK from the Go module proxy into the cache, once per version.
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { goBuild } from "../../lib/go-build.ts";
import { binaries, controlPlaneBinDir, KUBERNETES_VERSION, kwokBinDir } from "./versions.ts";

const goModuleDir = (ctx: StackContext, name: string) => path.join(ctx.root, "stack", "go", name);

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
  if (allExist([bin.etcd, bin.kubeApiserver, bin.kubeControllerManager, bin.kubeScheduler])) return;
  await goBuild({
    label: "kubernetes",
    moduleDir: goModuleDir(ctx, "kubernetes"),
    packages: [
      "k8s.io/kubernetes/cmd/kube-apiserver",
      "k8s.io/kubernetes/cmd/kube-controller-manager",
      "k8s.io/kubernetes/cmd/kube-scheduler",
      "go.etcd.io/etcd/server/v3",
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

// Every Kubernetes piece calls this from its build(); the work happens once per process.
let pending: Promise<void> | undefined;
export function buildKubernetes(ctx: StackContext): Promise<void> {
  pending ??= (async () => {
    await buildControlPlane(ctx);
    await buildKwok(ctx);
  })();
  return pending;
}
