// kube-controller-manager: turns Deployments/StatefulSets into Pods, signs service-account
// tokens for controllers, records events, garbage-collects.
import type { StackComponent } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { answers200 } from "./api.ts";
import { buildControlPlaneOnce } from "./build.ts";
import { paths } from "./credentials.ts";
import { SERVICE_CLUSTER_IP_RANGE } from "./kube-apiserver.ts";
import { binaries } from "./versions.ts";

export const kubeControllerManager: StackComponent = {
  name: "kube-controller-manager",
  dependsOn: ["kube-apiserver"],
  build: buildControlPlaneOnce,
  async start(ctx) {
    const p = paths(ctx);
    spawnDetached(ctx, {
      name: "kube-controller-manager",
      command: binaries(ctx).kubeControllerManager,
      args: [
        `--kubeconfig=${p.componentKubeconfig("kube-controller-manager")}`,
        `--authentication-kubeconfig=${p.componentKubeconfig("kube-controller-manager")}`,
        `--authorization-kubeconfig=${p.componentKubeconfig("kube-controller-manager")}`,
        `--bind-address=${HOST}`,
        `--secure-port=${PORTS.kubeControllerManager}`,
        `--cert-dir=${p.pki}/kube-controller-manager`,
        "--leader-elect=false",
        "--use-service-account-credentials=true",
        `--service-account-private-key-file=${p.serviceAccountKey}`,
        `--root-ca-file=${p.servingCert}`,
        `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
        "--controllers=*",
      ],
    });
  },
  healthy: (ctx) => answers200(ctx, "/healthz", PORTS.kubeControllerManager),
  env: () => ({}),
};
