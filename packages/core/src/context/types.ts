// The XOnyxiaContext: everything `x-onyxia.overwriteDefaultWith` and `overwriteListEnumWith`
// may reference (reference §4.3). Field names follow Onyxia's so existing charts work unchanged.
import type { JsonValue } from "../schema/types.ts";

export type UserLang = "en" | "fr" | "zh-CN" | "no" | "fi" | "nl" | "it" | "es" | "de";

export interface XOnyxiaUser {
  idep: string;
  name: string;
  email: string;
  password: string;
  ip: string;
  darkMode: boolean;
  lang: UserLang;
  decodedIdToken: Record<string, JsonValue>;
  accessToken: string;
  refreshToken: string;
  profile: Record<string, JsonValue> | undefined;
}

export interface XOnyxiaS3 {
  profileName: string;
  AWS_ACCESS_KEY_ID: string | undefined;
  AWS_SECRET_ACCESS_KEY: string | undefined;
  AWS_SESSION_TOKEN: string | undefined;
  AWS_DEFAULT_REGION: string;
  /** Host only, no scheme and no port. */
  AWS_S3_ENDPOINT: string;
  port: number;
  pathStyleAccess: boolean;
  isAnonymous: boolean;
}

export interface XOnyxiaVault {
  VAULT_ADDR: string;
  VAULT_TOKEN: string | undefined;
  VAULT_MOUNT: string;
  VAULT_TOP_DIR: string;
}

export interface XOnyxiaGit {
  name: string;
  email: string;
  credentials_cache_duration: number;
  token: string;
}

export interface XOnyxiaRegionResources {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  disk?: string;
  gpu?: string;
}

export interface XOnyxiaRegion {
  defaultIpProtection: boolean | undefined;
  defaultNetworkPolicy: boolean | undefined;
  allowedURIPattern: string;
  customValues: Record<string, JsonValue>;
  kafka: { url: string; topicName: string } | undefined;
  tolerations: JsonValue[] | undefined;
  from: JsonValue[] | undefined;
  nodeSelector: Record<string, JsonValue> | undefined;
  startupProbe: Record<string, JsonValue> | undefined;
  sliders: Record<string, JsonValue> | undefined;
  resources: XOnyxiaRegionResources | undefined;
  openshiftSCC: { scc: string; enabled: boolean } | undefined;
}

export interface XOnyxiaK8s {
  domain: string;
  ingressClassName: string | undefined;
  ingress: boolean | undefined;
  route: boolean | undefined;
  istio: { enabled: boolean; gateways: string[] } | undefined;
  /** 6 digits; also part of the release name. */
  randomSubdomain: string;
  initScriptUrl: string;
  useCertManager: boolean | undefined;
  certManagerClusterIssuer: string | undefined;
}

export interface XOnyxiaProxyInjection {
  enabled: boolean | undefined;
  httpProxyUrl: string | undefined;
  httpsProxyUrl: string | undefined;
  noProxy: string | undefined;
}

export interface XOnyxiaPackageRepositoryInjection {
  cranProxyUrl: string | undefined;
  condaProxyUrl: string | undefined;
  packageManagerUrl: string | undefined;
  pypiProxyUrl: string | undefined;
}

export interface XOnyxiaCertificateAuthorityInjection {
  cacerts: string | undefined;
  pathToCaBundle: string | undefined;
}

export interface XOnyxiaContext {
  user: XOnyxiaUser;
  service: { oneTimePassword: string };
  project: { id: string; password: string; basic: string };
  git: XOnyxiaGit;
  vault: XOnyxiaVault | undefined;
  s3: XOnyxiaS3 | undefined;
  s3_array: XOnyxiaS3[];
  region: XOnyxiaRegion;
  k8s: XOnyxiaK8s;
  proxyInjection: XOnyxiaProxyInjection | undefined;
  packageRepositoryInjection: XOnyxiaPackageRepositoryInjection | undefined;
  certificateAuthorityInjection: XOnyxiaCertificateAuthorityInjection | undefined;
}
