// KWOK: keeps the fake nodes Ready (heartbeats) and walks their Pods through
// Pending → Running/Ready → deletion with its default stages, without running containers; serves
// the nodes' simulated resource metrics (kwok-usage.ts) over HTTPS for metrics-server (plain HTTP
// on the same port too: KWOK tells them apart by the first bytes).
import fs from "node:fs";
import path from "node:path";
import type { StackComponent } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { answers200 } from "./api.ts";
import { buildKwokOnce } from "./build.ts";
import { paths } from "./credentials.ts";
import { kwokConfigYaml } from "./kwok-usage.ts";
import { ensureFakeNodes, fakeNodesReady, KWOK_NODE_ANNOTATION } from "./nodes.ts";
import { binaries } from "./versions.ts";

export const kwok: StackComponent = {
  name: "kwok",
  // Pods only move once they are scheduled and their controllers exist.
  dependsOn: ["kube-apiserver", "kube-controller-manager", "kube-scheduler"],
  build: buildKwokOnce,
  async start(ctx) {
    const p = paths(ctx);
    const config = path.join(p.dir, "kwok.yaml");
    fs.writeFileSync(config, kwokConfigYaml());
    spawnDetached(ctx, {
      name: "kwok",
      command: binaries(ctx).kwok,
      args: [
        `--kubeconfig=${p.componentKubeconfig("kwok")}`,
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
        `--config=${config}`,
        `--server-address=${HOST}:${PORTS.kwok}`,
        `--tls-cert-file=${p.kwokServing.cert}`,
        `--tls-private-key-file=${p.kwokServing.key}`,
        `--node-ip=${HOST}`,
        "--cidr=10.244.0.1/16",
        "--node-lease-duration-seconds=40",
      ],
    });
    await ensureFakeNodes(ctx);
  },
  // Node conditions outlive the process (they sit in etcd), so also ask KWOK itself.
  healthy: async (ctx) =>
    (await answers200(ctx, "/healthz", PORTS.kwok, "http")) && (await fakeNodesReady(ctx)),
  env: () => ({}),
};
