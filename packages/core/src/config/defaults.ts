// Defaults when nothing is configured: Onyxia's property defaults, and one region modelled on
// Onyxia's bundled sample (reference §2.3) that works on a laptop.
import type { AppConfig } from "./types.ts";

export const DEFAULT_PORT = 8080;
/** Loopback by default so a laptop run is not exposed; set HOST=0.0.0.0 in a container. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_BASE_PATH = "/api";
export const DEFAULT_CATALOGS_REFRESH_MS = 300_000;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_EVENT_STREAMS_PER_USER = 10;
export const DEFAULT_EVENT_STREAMS_MAX = 2000;
/** Signature algorithms verified with a public key; `none` and HMAC (HS*) are never accepted. */
export const ASYMMETRIC_JWS_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

/** Where the admin capacity view reads a node's pool by default (the cloud providers' label). */
export const DEFAULT_NODE_POOL_LABEL = "node.kubernetes.io/instance-type";

export function defaultSettings(): Omit<AppConfig, "regions" | "catalogs"> {
  return {
    catalogsRefreshMs: DEFAULT_CATALOGS_REFRESH_MS,
    authentication: { mode: "none" },
    oidc: {
      usernameClaim: "preferred_username",
      groupsClaim: "groups",
      rolesClaim: "roles",
      scope: "openid profile",
      skipTlsVerify: false,
      clockSkewSeconds: 30,
      algorithms: [...ASYMMETRIC_JWS_ALGORITHMS],
      jwksCooldownSeconds: 30,
    },
    cors: { allowedOrigins: [] },
    security: {
      rateLimit: { max: 60, windowSeconds: 60 },
      eventStreams: { perUser: DEFAULT_EVENT_STREAMS_PER_USER, max: DEFAULT_EVENT_STREAMS_MAX },
    },
    audit: { sink: "stdout" },
    schemas: {},
    server: {
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      basePath: DEFAULT_BASE_PATH,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      unknownRegion: "reject",
      trustProxy: [],
      slowRequestMs: 1000,
      accessLog: false,
      metricsPort: 0,
    },
    event: { loggingEnabled: false, webhook: { enabled: false, includes: [], excludes: [] } },
    admin: { enabled: false, roles: [], nodePoolLabel: DEFAULT_NODE_POOL_LABEL },
    runtime: {},
  };
}

/**
 * The raw region used when `regions` is not configured (validated like any other, so Onyxia's
 * defaults apply). Single namespace: every user shares the server's own namespace.
 * `*.localhost` resolves to the loopback address in browsers, so exposed services are reachable.
 */
export function defaultRawRegion(): Record<string, unknown> {
  return {
    id: "default",
    name: "Local Kubernetes",
    description: "Default region: one shared namespace, services exposed under *.localhost",
    onyxiaAPI: { baseURL: "" },
    services: {
      type: "KUBERNETES",
      singleNamespace: true,
      namespacePrefix: "user-",
      usernamePrefix: "oidc-",
      groupNamespacePrefix: "projet-",
      authenticationMode: "serviceAccount",
      namespaceAnnotationsDynamic: { enabled: true, userAttributes: ["email", "locale", "groups"] },
      quotas: { userEnabled: false, groupEnabled: false },
      expose: { domain: "localhost", ingress: true, route: false },
    },
    data: {},
  };
}
