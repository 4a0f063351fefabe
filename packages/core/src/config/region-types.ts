// The region model (Onyxia API `Region.java`), after validation and defaults.
// Keys Onyxia does not model are dropped, except the opaque `data` and the legacy web-read keys.
import type { IdleSuspendConfig } from "../idle/config.ts";

export interface OidcOverride {
  issuerURI?: string;
  clientID?: string;
  extraQueryParams?: string;
  scope?: string;
  idleSessionLifetimeInSeconds?: number;
  audience?: string;
}

/** Resource quota keys (Kubernetes quantities; counts may be numbers). */
export type Quota = Record<string, string | number>;

export interface RegionQuotas {
  userEnabled: boolean;
  user?: Quota;
  roles?: Record<string, Quota>;
  groupEnabled: boolean;
  group?: Quota;
}

export interface RegionExpose {
  domain?: string;
  ingressClassName?: string;
  ingress: boolean;
  route: boolean;
  istio: { enabled: boolean; gateways: string[] };
  ingressPort?: number;
  annotations: Record<string, string>;
  useDefaultCertificate: boolean;
  certManager: { useCertManager: boolean; certManagerClusterIssuer?: string };
}

export type RegionAuthenticationMode =
  "serviceAccount" | "admin" | "impersonate" | "tokenPassthrough";

export interface RegionServices {
  type: "KUBERNETES";
  singleNamespace: boolean;
  allowNamespaceCreation: boolean;
  userNamespace: boolean;
  namespacePrefix: string;
  groupNamespacePrefix: string;
  usernamePrefix?: string;
  groupPrefix?: string;
  authenticationMode: RegionAuthenticationMode;
  namespaceLabels: Record<string, string>;
  namespaceAnnotations: Record<string, string>;
  namespaceAnnotationsDynamic: { enabled: boolean; userAttributes: string[] };
  quotas: RegionQuotas;
  expose?: RegionExpose;
  monitoring?: { URLPattern?: string };
  allowedURIPattern: string;
  /** Cluster credentials: write-only, never serialized (see `toPublicRegion`). */
  server?: { URL?: string; auth?: { token?: string; username?: string; password?: string } };
  k8sPublicEndpoint?: { URL?: string; oidcConfiguration?: OidcOverride };
  /** Legacy keys the web still reads; passed through. */
  customValues?: Record<string, unknown>;
  initScript?: string;
  openshiftSCC?: { scc?: string; enabled?: boolean };
  /** Idle services are paused (issue 17); absent: off. `webhookURL`, `prometheus` and `activityURLPattern` are never served. */
  idleSuspend?: IdleSuspendConfig;
}

export interface Region {
  id: string;
  name?: string;
  description?: string;
  includedGroupPattern?: string;
  transformGroupPattern?: string;
  excludedGroupPattern?: string;
  onyxiaAPI?: { baseURL?: string };
  services: RegionServices;
  /** Opaque to the server (S3 profiles etc.), interpreted by the web. */
  data?: unknown;
  vault?: {
    URL?: string;
    kvEngine?: string;
    role?: string;
    authPath: string;
    prefix?: string;
    groupPrefix?: string;
    oidcConfiguration?: OidcOverride;
  };
  git?: { type?: "gitlab" | "github"; URL?: string; oidcConfiguration?: OidcOverride };
  proxyInjection?: {
    enabled?: boolean;
    httpProxyUrl?: string;
    httpsProxyUrl?: string;
    noProxy?: string;
  };
  packageRepositoryInjection?: {
    cranProxyUrl?: string;
    condaProxyUrl?: string;
    packageManagerUrl?: string;
    pypiProxyUrl?: string;
  };
  certificateAuthorityInjection?: { crts?: unknown[]; cacerts?: string; pathToCaBundle?: string };
}

/** The region as served to clients: `services.server` (credentials) removed. */
export type PublicRegion = Omit<Region, "services"> & {
  services: Omit<RegionServices, "server" | "idleSuspend"> & {
    idleSuspend?: Omit<IdleSuspendConfig, "webhookURL" | "prometheus" | "activityURLPattern">;
  };
};

export function toPublicRegion(region: Region): PublicRegion {
  const { server: _server, idleSuspend, ...services } = region.services;
  if (!idleSuspend) return { ...region, services };
  // Internal addresses (and the webhook's token) stay on the server.
  const {
    webhookURL: _webhook,
    prometheus: _prometheus,
    activityURLPattern: _pattern,
    ...idle
  } = idleSuspend;
  return { ...region, services: { ...services, idleSuspend: idle } };
}
