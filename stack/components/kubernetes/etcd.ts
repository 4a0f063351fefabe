// etcd: the apiserver's storage, a single member on loopback.
import fs from "node:fs";
import http from "node:http";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { buildControlPlaneOnce } from "./build.ts";
import { paths } from "./credentials.ts";
import { binaries } from "./versions.ts";

const clientUrl = `http://${HOST}:${PORTS.etcdClient}`;
const peerUrl = `http://${HOST}:${PORTS.etcdPeer}`;

function getHealth(): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${clientUrl}/health`, { timeout: 2_000 }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () =>
        resolve(response.statusCode === 200 && text.includes('"health":"true"')),
      );
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

export const etcd: StackComponent = {
  name: "etcd",
  build: buildControlPlaneOnce,
  async start(ctx: StackContext) {
    fs.mkdirSync(paths(ctx).etcdData, { recursive: true, mode: 0o700 });
    spawnDetached(ctx, {
      name: "etcd",
      command: binaries(ctx).etcd,
      args: [
        "--name=onyxia-ts",
        `--data-dir=${paths(ctx).etcdData}`,
        `--listen-client-urls=${clientUrl}`,
        `--advertise-client-urls=${clientUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=onyxia-ts=${peerUrl}`,
        // A throwaway test cluster: durability is not worth the fsync latency.
        "--unsafe-no-fsync=true",
        "--quota-backend-bytes=2147483648",
        "--log-level=warn",
      ],
    });
  },
  healthy: getHealth,
  env: () => ({ ETCD_ENDPOINT: clientUrl }),
};
