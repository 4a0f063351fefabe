// The scalar configuration properties, named as Onyxia's Spring properties (`oidc.issuer-uri`,
// `catalogs.refresh.ms`, ...). Matching is relaxed like Spring's: case, '-' and '_' are ignored,
// and a name may be written dotted (`"oidc.issuer-uri": x`) or nested (`oidc: {issuerUri: x}`).
// Environment variables match the same names with '.', '-' and '_' ignored (OIDC_ISSUER_URI,
// OIDC_ISSUERURI), plus the short aliases PORT, HOST and API_BASE_PATH.
import type { Field } from "./shape.ts";

export interface PropertyDef {
  /** Onyxia's property name, used in messages. */
  name: string;
  /** Where the value goes in AppConfig. */
  target: readonly string[];
  shape: Field;
  /** Other accepted names (file or env). */
  aliases?: readonly string[];
  /** A comma-separated string is accepted and split. */
  list?: boolean;
}

const stringList: Field = {
  kind: "union",
  options: [{ kind: "array", items: { kind: "string" } }, { kind: "string" }],
  describe: "a list of strings or a comma-separated string",
};

export const PROPERTIES: readonly PropertyDef[] = [
  {
    name: "catalogs.refresh.ms",
    target: ["catalogsRefreshMs"],
    shape: { kind: "integer" },
    aliases: ["catalogsRefreshMs"],
  },
  {
    name: "authentication.mode",
    target: ["authentication", "mode"],
    shape: { kind: "string", enum: ["none", "openidconnect"] },
  },
  { name: "oidc.issuer-uri", target: ["oidc", "issuerUri"], shape: { kind: "string" } },
  { name: "oidc.clientID", target: ["oidc", "clientId"], shape: { kind: "string" } },
  { name: "oidc.audience", target: ["oidc", "audience"], shape: { kind: "string" } },
  {
    name: "oidc.accepted-audiences",
    target: ["oidc", "acceptedAudiences"],
    shape: stringList,
    list: true,
  },
  { name: "oidc.username-claim", target: ["oidc", "usernameClaim"], shape: { kind: "string" } },
  { name: "oidc.groups-claim", target: ["oidc", "groupsClaim"], shape: { kind: "string" } },
  { name: "oidc.roles-claim", target: ["oidc", "rolesClaim"], shape: { kind: "string" } },
  {
    name: "oidc.extra-query-params",
    target: ["oidc", "extraQueryParams"],
    shape: { kind: "string" },
  },
  { name: "oidc.scope", target: ["oidc", "scope"], shape: { kind: "string" } },
  {
    name: "oidc.idleSessionLifetimeInSeconds",
    target: ["oidc", "idleSessionLifetimeInSeconds"],
    shape: { kind: "integer", min: 0 },
  },
  { name: "oidc.skip-tls-verify", target: ["oidc", "skipTlsVerify"], shape: { kind: "boolean" } },
  { name: "oidc.public-key", target: ["oidc", "publicKey"], shape: { kind: "string" } },
  {
    name: "oidc.clock-skew-seconds",
    target: ["oidc", "clockSkewSeconds"],
    shape: { kind: "integer", min: 0 },
  },
  { name: "oidc.algorithms", target: ["oidc", "algorithms"], shape: stringList, list: true },
  {
    name: "oidc.jwks-cooldown-seconds",
    target: ["oidc", "jwksCooldownSeconds"],
    shape: { kind: "integer", min: 0 },
  },
  {
    name: "security.rate-limit.max",
    target: ["security", "rateLimit", "max"],
    shape: { kind: "integer", min: 0 },
  },
  {
    name: "security.rate-limit.window-seconds",
    target: ["security", "rateLimit", "windowSeconds"],
    shape: { kind: "integer", min: 1 },
  },
  {
    name: "security.event-streams.per-user",
    target: ["security", "eventStreams", "perUser"],
    shape: { kind: "integer", min: 0 },
  },
  {
    name: "security.event-streams.max",
    target: ["security", "eventStreams", "max"],
    shape: { kind: "integer", min: 0 },
  },
  {
    name: "audit.sink",
    target: ["audit", "sink"],
    shape: {
      kind: "string",
      pattern: /^(stdout|stderr|log|none|file:.+)$/,
      patternHint: '"stdout", "stderr", "log", "none" or "file:<path>"',
    },
  },
  {
    name: "security.cors.allowed_origins",
    target: ["cors", "allowedOrigins"],
    shape: stringList,
    list: true,
  },
  {
    name: "external.schema.directory",
    target: ["schemas", "externalDirectory"],
    shape: { kind: "string" },
  },
  {
    name: "role.schema.directory",
    target: ["schemas", "roleDirectory"],
    shape: { kind: "string" },
  },
  {
    name: "profile.schema.directory",
    target: ["schemas", "profileDirectory"],
    shape: { kind: "string" },
  },
  {
    name: "server.port",
    target: ["server", "port"],
    shape: { kind: "integer", min: 0 },
    aliases: ["PORT"],
  },
  {
    name: "server.host",
    target: ["server", "host"],
    shape: { kind: "string" },
    aliases: ["HOST", "server.address"],
  },
  {
    name: "server.base-path",
    target: ["server", "basePath"],
    shape: {
      kind: "string",
      pattern: /^(\/[\w.~-]+)*\/?$/,
      patternHint: 'a path such as "/api" (or "/" for none)',
    },
    aliases: ["API_BASE_PATH", "server.servlet.context-path"],
  },
  {
    name: "server.body-limit-bytes",
    target: ["server", "bodyLimitBytes"],
    shape: { kind: "integer", min: 1024 },
  },
  {
    name: "server.trust-proxy",
    target: ["server", "trustProxy"],
    shape: stringList,
    list: true,
  },
  {
    name: "server.slow-request-ms",
    target: ["server", "slowRequestMs"],
    shape: { kind: "integer", min: 0 },
  },
  { name: "server.access-log", target: ["server", "accessLog"], shape: { kind: "boolean" } },
  {
    name: "server.metrics-port",
    target: ["server", "metricsPort"],
    shape: { kind: "integer", min: 0 },
    aliases: ["METRICS_PORT"],
  },
  {
    name: "server.unknown-region",
    target: ["server", "unknownRegion"],
    shape: { kind: "string", enum: ["reject", "first"] },
  },
  {
    name: "event.logging.enabled",
    target: ["event", "loggingEnabled"],
    shape: { kind: "boolean" },
  },
  {
    name: "event.webhook.enabled",
    target: ["event", "webhook", "enabled"],
    shape: { kind: "boolean" },
  },
  {
    name: "event.webhook.url",
    target: ["event", "webhook", "url"],
    shape: { kind: "string", pattern: /^https?:\/\//, patternHint: "an http(s) URL" },
  },
  {
    name: "event.webhook.includes",
    target: ["event", "webhook", "includes"],
    shape: stringList,
    list: true,
  },
  {
    name: "event.webhook.excludes",
    target: ["event", "webhook", "excludes"],
    shape: stringList,
    list: true,
  },
  { name: "admin.enabled", target: ["admin", "enabled"], shape: { kind: "boolean" } },
  {
    name: "admin.roles",
    target: ["admin", "roles"],
    shape: stringList,
    list: true,
    aliases: ["adminRoles"],
  },
  {
    name: "admin.node-pool-label",
    target: ["admin", "nodePoolLabel"],
    shape: {
      kind: "string",
      // A Kubernetes label key: an optional DNS-subdomain prefix and a name of at most 63 characters.
      pattern:
        /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
      patternHint: "a Kubernetes label key such as node.kubernetes.io/instance-type",
    },
    aliases: ["adminNodePoolLabel"],
  },
  // Process settings: the environment variables the server has always read, now validated here.
  {
    name: "log.level",
    target: ["runtime", "logLevel"],
    shape: { kind: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] },
  },
  {
    name: "build.timestamp",
    target: ["runtime", "buildTimestamp"],
    shape: { kind: "integer", min: 1 },
  },
  { name: "cacerts.dir", target: ["runtime", "caCertsDir"], shape: { kind: "string" } },
  {
    name: "onyxia.helm.concurrency",
    target: ["runtime", "helmConcurrency"],
    shape: { kind: "integer", min: 1 },
    aliases: ["helm.concurrency"],
  },
  { name: "helm.bin", target: ["runtime", "helmBin"], shape: { kind: "string" } },
  {
    name: "onyxia.namespace-access.cluster-role",
    target: ["runtime", "namespaceAccessClusterRole"],
    shape: {
      kind: "string",
      pattern: /^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/,
      patternHint: "a ClusterRole name",
    },
  },
  {
    name: "onyxia.namespace-access.service-account",
    target: ["runtime", "namespaceAccessServiceAccount"],
    shape: {
      kind: "string",
      pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      patternHint: '"<namespace>:<name>" of the server\'s ServiceAccount',
    },
  },
  {
    name: "onyxia.shutdown.grace-seconds",
    target: ["runtime", "shutdownGraceSeconds"],
    shape: { kind: "integer", min: 1 },
  },
  { name: "kubeconfig", target: ["runtime", "kubeconfig"], shape: { kind: "string" } },
  {
    name: "kubernetes.service.host",
    target: ["runtime", "kubernetesServiceHost"],
    shape: { kind: "string" },
  },
  {
    name: "kubernetes.service.port",
    target: ["runtime", "kubernetesServicePort"],
    shape: { kind: "string" },
  },
];

/** Spring-style relaxed form of a dotted name: lower case, '-' and '_' ignored. */
export function relaxedName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Relaxed form for environment variables, where '.' is written '_'. */
export function relaxedEnvName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, "");
}
