// Fixed loopback ports of the local stack (uncommon ones, to avoid clashing with a developer's own servers).
export const PORTS = {
  etcdClient: 32379,
  etcdPeer: 32380,
  kubeApiserver: 36443,
  kubeControllerManager: 36257,
  kubeScheduler: 36259,
  kwok: 36247,
  oidc: 35556,
  minio: 39000,
  minioConsole: 39001,
  openbao: 38200,
  prometheus: 39090,
  app: 8080,
} as const;

export const HOST = "127.0.0.1";
