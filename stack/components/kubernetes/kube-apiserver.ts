// kube-apiserver on 127.0.0.1 with RBAC, static tokens for people and system clients,
// service-account token signing, and OIDC when the stack's OIDC provider is registered.
import fs from "node:fs";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { pollUntil } from "../../lib/time.ts";
import { answers200 } from "./api.ts";
import { buildControlPlaneOnce } from "./build.ts";
import {
  apiserverUrl,
  ensureCredentials,
  FRONT_PROXY_CLIENT,
  paths,
  writeKubeconfigs,
} from "./credentials.ts";
import { binaries } from "./versions.ts";

/** What the OIDC component offers the apiserver (read from its env()). */
export interface OidcSettings {
  issuerUrl: string;
  caFile?: string;
  clientId: string;
}

/** Prepended by the apiserver to OIDC user and group names (Onyxia's `usernamePrefix`). */
export const OIDC_PREFIX = "oidc-";
export const SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/16";
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

// The aggregation layer (metrics-server's metrics.k8s.io): kube-apiserver forwards requests with
// this client certificate and the caller in X-Remote-* headers, which metrics-server trusts once
// signed by the front-proxy CA (published in kube-system/extension-apiserver-authentication).
// No --enable-aggregator-routing: it would dial the Service's Endpoints, and an endpoint on a
// loopback address is invalid (ValidateEndpointIP, Endpoints and EndpointSlices alike); the
// default routing dials an ExternalName Service's host name, `localhost` (metrics-server.ts).
function aggregationFlags(p: ReturnType<typeof paths>): string[] {
  return [
    `--client-ca-file=${p.clientCa.cert}`,
    `--requestheader-client-ca-file=${p.frontProxyCa.cert}`,
    `--requestheader-allowed-names=${FRONT_PROXY_CLIENT}`,
    "--requestheader-username-headers=X-Remote-User",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    `--proxy-client-cert-file=${p.frontProxyClient.cert}`,
    `--proxy-client-key-file=${p.frontProxyClient.key}`,
  ];
}

function oidcFlags(oidc: OidcSettings | undefined): string[] {
  if (!oidc) return [];
  return [
    `--oidc-issuer-url=${oidc.issuerUrl}`,
    `--oidc-client-id=${oidc.clientId}`,
    ...(oidc.caFile ? [`--oidc-ca-file=${oidc.caFile}`] : []),
    "--oidc-username-claim=preferred_username",
    // The prefix Onyxia's region config names `usernamePrefix` ("oidc-" in its examples): OIDC users
    // are "oidc-alice" in RBAC, distinct from the static-token "alice".
    `--oidc-username-prefix=${OIDC_PREFIX}`,
    "--oidc-groups-claim=groups",
    `--oidc-groups-prefix=${OIDC_PREFIX}`,
  ];
}

export function kubeApiserver(
  oidc?: (ctx: StackContext) => OidcSettings | undefined,
): StackComponent {
  return {
    name: "kube-apiserver",
    dependsOn: ["etcd", ...(oidc ? ["oidc"] : [])],
    build: buildControlPlaneOnce,
    async start(ctx) {
      ensureCredentials(ctx);
      const p = paths(ctx);
      spawnDetached(ctx, {
        name: "kube-apiserver",
        command: binaries(ctx).kubeApiserver,
        args: [
          `--etcd-servers=http://${HOST}:${PORTS.etcdClient}`,
          `--bind-address=${HOST}`,
          `--advertise-address=${HOST}`,
          `--secure-port=${PORTS.kubeApiserver}`,
          // No TLS files given: the apiserver writes a self-signed pair (with a CA) here once.
          `--cert-dir=${p.pki}`,
          "--authorization-mode=Node,RBAC",
          `--token-auth-file=${p.tokens}`,
          `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
          `--service-account-key-file=${p.serviceAccountPub}`,
          `--service-account-signing-key-file=${p.serviceAccountKey}`,
          `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
          // A loopback address is not a valid Endpoints IP: skip publishing the `kubernetes` service endpoints.
          "--endpoint-reconciler-type=none",
          "--allow-privileged=true",
          "--enable-priority-and-fairness=false",
          "--event-ttl=2h",
          ...aggregationFlags(p),
          ...oidcFlags(oidc?.(ctx)),
        ],
      });
      // The file holds the serving certificate then its CA: wait until both are written.
      const complete = () =>
        fs.readFileSync(p.servingCert, "utf8").split("END CERTIFICATE").length === 3;
      const written = await pollUntil(async () => complete(), 60_000, 100);
      if (!written) throw new Error(`kube-apiserver did not write ${p.servingCert}`);
      writeKubeconfigs(ctx);
    },
    healthy: (ctx) => answers200(ctx, "/readyz"),
    env: (ctx) => ({
      KUBECONFIG: paths(ctx).kubeconfig,
      KUBE_API_URL: apiserverUrl(),
      KUBE_CA_FILE: paths(ctx).servingCert,
    }),
  };
}
