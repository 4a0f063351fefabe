// The validated server configuration, with every default applied.
import type { CatalogConfig } from "../catalog/config-types.ts";
import type { Region } from "./region-types.ts";

export type AuthenticationMode = "none" | "openidconnect";

/** What to do with an `ONYXIA-REGION` header naming no configured region. */
export type UnknownRegionPolicy = "reject" | "first";

export interface OidcConfig {
  issuerUri?: string;
  clientId?: string;
  /** The `audience` the web asks the identity provider for (sent to the web as is). */
  audience?: string;
  /**
   * The audiences a token must name in `aud` (or as its `azp`); unset: the clientID and the
   * audience above.
   */
  acceptedAudiences?: string[];
  usernameClaim: string;
  groupsClaim: string;
  rolesClaim: string;
  /** Query string appended to the authorize URL, e.g. "kc_idp_hint=x&ui_locales=fr". */
  extraQueryParams?: string;
  scope: string;
  idleSessionLifetimeInSeconds?: number;
  skipTlsVerify: boolean;
  /** Base64 X.509 RSA public key: validates tokens without contacting the issuer. */
  publicKey?: string;
  /** Tolerated clock difference with the issuer for exp/nbf/iat. */
  clockSkewSeconds: number;
  /** Accepted JWS algorithms: asymmetric only (never `none` or HS*, whose key would be public). */
  algorithms: string[];
  /** Least time between two JWKS fetches caused by an unknown `kid` (key rotation). */
  jwksCooldownSeconds: number;
}

/** Mutating calls (PUT/POST/PATCH/DELETE) per user and window; max 0 turns the limit off. */
export interface RateLimitConfig {
  max: number;
  windowSeconds: number;
}

/** Concurrent event streams (GET /my-lab/events) per user and in all; 0 turns a limit off. */
export interface EventStreamLimits {
  perUser: number;
  max: number;
}

/** Where audit lines (one JSON object per mutating request) go: a stream, the app log, a file, or nowhere. */
export type AuditSink = "stdout" | "stderr" | "log" | "none" | { file: string };

export interface AppConfig {
  regions: Region[];
  catalogs: CatalogConfig[];
  /** <= 0: load once. */
  catalogsRefreshMs: number;
  authentication: { mode: AuthenticationMode };
  oidc: OidcConfig;
  cors: { allowedOrigins: string[] };
  security: { rateLimit: RateLimitConfig; eventStreams: EventStreamLimits };
  audit: { sink: AuditSink };
  schemas: { externalDirectory?: string; roleDirectory?: string; profileDirectory?: string };
  server: {
    port: number;
    host: string;
    /** "" or a path starting with "/" and not ending with "/". */
    basePath: string;
    bodyLimitBytes: number;
    unknownRegion: UnknownRegionPolicy;
    /**
     * The proxies whose X-Forwarded-For (X-Real-IP, Forwarded) is believed: addresses or CIDRs.
     * Empty: nobody's, the caller's address is the socket's.
     */
    trustProxy: string[];
    /** A request answered after this many ms is logged (warn). 0: none. */
    slowRequestMs: number;
    /** Log every request (info), not only errors, slow requests and the audit trail. */
    accessLog: boolean;
    /** Prometheus `/metrics` on this port (same host), apart from the API's. 0: not served. */
    metricsPort: number;
  };
  event: {
    loggingEnabled: boolean;
    webhook: { enabled: boolean; url?: string; includes: string[]; excludes: string[] };
  };
  admin: {
    enabled: boolean;
    /**
     * OIDC roles or groups (either claim) whose members are platform admins: the admin view
     * (`/admin/**`) sees and manages every project's services. Empty: nobody is.
     */
    roles: string[];
    /** The node label whose value names a node's pool in the admin capacity view. */
    nodePoolLabel: string;
  };
  /** Settings of the server process, usually from its environment (LOG_LEVEL, KUBECONFIG…). */
  runtime: RuntimeSettings;
}

/** Unset: the server's defaults (see packages/server/src/config/CONFIGURATION.md). */
export interface RuntimeSettings {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  logLevel?: string;
  /** The build's epoch seconds shown in /public/configuration. Default: the start time. */
  buildTimestamp?: number;
  /** Folder of the CA files catalogs name in `caFile`. */
  caCertsDir?: string;
  /** At most this many helm processes at once. Default max(4, 4 × cores). */
  helmConcurrency?: number;
  /** The helm CLI. Default the pinned one in <repo>/.tools/bin. */
  helmBin?: string;
  /**
   * With `namespaceAccessServiceAccount` ("<namespace>:<name>"): onboarding binds this
   * ClusterRole to the server's ServiceAccount in each project namespace (the chart's
   * `<release>-namespace`, release Secrets). Unset: no such binding (the server's own rights
   * cover every namespace, e.g. a developer's kubeconfig).
   */
  namespaceAccessClusterRole?: string;
  namespaceAccessServiceAccount?: string;
  /**
   * On SIGTERM, how long running helm commands, requests in flight and the closing of event
   * streams may take before the process exits anyway (code 1). Default 25 s.
   */
  shutdownGraceSeconds?: number;
  /** Kubeconfig file(s), path-separated, for regions without `services.server`. */
  kubeconfig?: string;
  /** Set inside a pod: the in-cluster API server (with the pod's service account). */
  kubernetesServiceHost?: string;
  kubernetesServicePort?: string;
}

export interface ResolvedConfig {
  config: AppConfig;
  /** Unknown keys and other non-fatal findings, formatted for a log line each. */
  warnings: string[];
}
