// Fixed loopback ports of the local stack (uncommon ones, to avoid clashing with a developer's own
// servers). `ONYXIA_STACK_PORT_OFFSET=200` adds 200 to every one of them, so a second stack (another
// checkout with its own `.stack/`) runs beside the first: `up`, `down`, the tests and `.stack/env`
// must all see the same offset. The app's own origins (8080, Vite's 5173) are not stack ports:
// the OIDC provider's redirect URIs name them.
const BASE_PORTS = {
  etcdClient: 32379,
  etcdPeer: 32380,
  kubeApiserver: 36443,
  kubeControllerManager: 36257,
  kubeScheduler: 36259,
  kwok: 36247,
  metricsServer: 36248,
  oidc: 35556,
  minio: 39000,
  minioConsole: 39001,
  openbao: 38200,
  prometheus: 39090,
} as const;

/** Parses ONYXIA_STACK_PORT_OFFSET: an integer that keeps every port in 1024–65535. */
export function portOffset(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 0;
  const offset = Number(value);
  const ports = Object.values(BASE_PORTS);
  const min = 1024 - Math.min(...ports);
  const max = 65535 - Math.max(...ports);
  if (!Number.isInteger(offset) || offset < min || offset > max)
    throw new Error(
      `ONYXIA_STACK_PORT_OFFSET must be an integer from ${min} to ${max} (got "${value}")`,
    );
  return offset;
}

export function offsetPorts(offset: number): Record<keyof typeof BASE_PORTS, number> {
  return Object.fromEntries(
    Object.entries(BASE_PORTS).map(([name, port]) => [name, port + offset]),
  ) as Record<keyof typeof BASE_PORTS, number>;
}

export const PORT_OFFSET = portOffset(process.env.ONYXIA_STACK_PORT_OFFSET);
export const PORTS = offsetPorts(PORT_OFFSET);

export const HOST = "127.0.0.1";
