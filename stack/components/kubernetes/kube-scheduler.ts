// kube-scheduler: binds Pods to the fake KWOK nodes.
import type { StackComponent } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { answers200 } from "./api.ts";
import { buildControlPlaneOnce } from "./build.ts";
import { paths } from "./credentials.ts";
import { binaries } from "./versions.ts";

export const kubeScheduler: StackComponent = {
  name: "kube-scheduler",
  dependsOn: ["kube-apiserver"],
  build: buildControlPlaneOnce,
  async start(ctx) {
    const p = paths(ctx);
    spawnDetached(ctx, {
      name: "kube-scheduler",
      command: binaries(ctx).kubeScheduler,
      args: [
        `--kubeconfig=${p.componentKubeconfig("kube-scheduler")}`,
        // Lets the scheduler read the apiserver's extension-apiserver-authentication configmap as itself.
        `--authentication-kubeconfig=${p.componentKubeconfig("kube-scheduler")}`,
        `--authorization-kubeconfig=${p.componentKubeconfig("kube-scheduler")}`,
        `--bind-address=${HOST}`,
        `--secure-port=${PORTS.kubeScheduler}`,
        `--cert-dir=${p.pki}/kube-scheduler`,
        "--leader-elect=false",
      ],
    });
  },
  healthy: (ctx) => answers200(ctx, "/healthz", PORTS.kubeScheduler),
  env: () => ({}),
};
