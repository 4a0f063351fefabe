// What createXOnyxiaContext needs. The region part is a structural subset of the region
// configuration JSON (reference §2), so a full region object can be passed as is.
import type { JsonValue } from "../schema/types.ts";
import type { UserLang, XOnyxiaRegionResources } from "./types.ts";

export interface RegionForContext {
  services?: {
    allowedURIPattern?: string;
    customValues?: Record<string, JsonValue>;
    initScript?: string;
    openshiftSCC?: { scc: string; enabled: boolean };
    expose?: {
      domain?: string;
      ingressClassName?: string;
      ingress?: boolean;
      route?: boolean;
      istio?: { enabled?: boolean; gateways?: string[] };
      certManager?: { useCertManager?: boolean; certManagerClusterIssuer?: string };
    };
    /** Removed from the API model in v10 but still read by the web (reference §2.2). */
    defaultConfiguration?: {
      ipprotection?: boolean;
      networkPolicy?: boolean;
      kafka?: { URL: string; topicName: string };
      from?: JsonValue[];
      tolerations?: JsonValue[];
      nodeSelector?: Record<string, JsonValue>;
      startupProbe?: Record<string, JsonValue>;
      sliders?: Record<string, JsonValue>;
      resources?: XOnyxiaRegionResources;
    };
  };
  vault?: { URL: string; kvEngine: string };
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
  certificateAuthorityInjection?: { cacerts?: string; pathToCaBundle?: string };
}

export interface UserForContext {
  idep: string;
  firstName?: string;
  familyName?: string;
  email: string;
  decodedIdToken: Record<string, JsonValue>;
  accessToken: string;
  refreshToken?: string;
  /** Undefined when personal infos are not injected: becomes "0.0.0.0". */
  ip?: string;
  darkMode?: boolean;
  lang?: UserLang;
  profile?: Record<string, JsonValue>;
}

export interface ProjectForContext {
  id: string;
  /** The per-project service password. */
  password: string;
  vaultTopDir: string;
}

/** One S3 profile, with the credentials already obtained (static or STS). */
export interface S3ProfileForContext {
  profileName: string;
  isDefault?: boolean;
  /** Full endpoint URL, e.g. "https://minio.example.com" or "http://localhost:9000". */
  url: string;
  region?: string;
  pathStyleAccess: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface GitForContext {
  name: string;
  email: string;
  credentialsCacheDuration: number;
  token: string;
}

export interface XOnyxiaContextInput {
  user: UserForContext;
  project: ProjectForContext;
  region: RegionForContext;
  s3?: { profiles: S3ProfileForContext[]; selectedProfileName?: string };
  /** The user's Vault token; undefined when not injected. Ignored if the region has no vault. */
  vaultToken?: string;
  git?: GitForContext;
  /** Uniform in [0, 1); injected so tests are deterministic (Math.random in the app). */
  random: () => number;
}
