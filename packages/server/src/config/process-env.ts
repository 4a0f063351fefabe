// The only reads of the server process's environment besides loadConfig: a configuration built
// elsewhere (tests, benchmarks: resolveConfig without `env`) gets its unset process settings
// (`runtime`: LOG_LEVEL, KUBECONFIG, …) from the environment, validated by the same rules; and
// helm inherits the few variables it needs (PATH, proxies, TLS trust) from here.
import { existsSync } from "node:fs";
import path from "node:path";
import {
  ConfigError,
  resolveConfig,
  type AppConfig,
  type RuntimeSettings,
  type ServerAccess,
} from "@onyxia-ts/core";

/** The environment variables behind `config.runtime` (see CONFIGURATION.md). */
export const RUNTIME_VARIABLES = [
  "LOG_LEVEL",
  "BUILD_TIMESTAMP",
  "CACERTS_DIR",
  "ONYXIA_HELM_CONCURRENCY",
  "HELM_BIN",
  "ONYXIA_SHUTDOWN_GRACE_SECONDS",
  "ONYXIA_NAMESPACE_ACCESS_CLUSTER_ROLE",
  "ONYXIA_NAMESPACE_ACCESS_SERVICE_ACCOUNT",
  "KUBECONFIG",
  "KUBERNETES_SERVICE_HOST",
  "KUBERNETES_SERVICE_PORT",
] as const;

type Env = Record<string, string | undefined>;

/** The process settings of `env`, validated (ConfigError naming the variable otherwise). */
export function runtimeSettingsFrom(env: Env): RuntimeSettings {
  const picked: Env = {};
  for (const name of RUNTIME_VARIABLES) picked[name] = env[name];
  return resolveConfig({ env: picked }).config.runtime;
}

/**
 * `config` with every unset `runtime` setting taken from `env` (default: the process's), and
 * `kubeconfig` defaulting to ~/.kube/config when neither KUBECONFIG nor an in-cluster API
 * server is given (never KubeConfig.loadFromDefault: it silently falls back to localhost:8080).
 */
export function withProcessEnvironment(config: AppConfig, env: Env = process.env): AppConfig {
  const runtime: RuntimeSettings = { ...runtimeSettingsFrom(env), ...definedOnly(config.runtime) };
  serverAccessOf(runtime); // both or neither
  if (
    runtime.kubeconfig === undefined &&
    !(runtime.kubernetesServiceHost && runtime.kubernetesServicePort) &&
    env.HOME
  ) {
    const home = path.join(env.HOME, ".kube", "config");
    if (existsSync(home)) runtime.kubeconfig = home;
  }
  return { ...config, runtime };
}

function definedOnly(settings: RuntimeSettings): RuntimeSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as RuntimeSettings;
}

const HELM_INHERITS = [
  "PATH",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
];

/** The server's access binding of project namespaces, when both of its settings are given. */
export function serverAccessOf(runtime: RuntimeSettings): ServerAccess | undefined {
  const role = runtime.namespaceAccessClusterRole;
  const account = runtime.namespaceAccessServiceAccount;
  if (role === undefined && account === undefined) return undefined;
  if (role === undefined || account === undefined)
    throw new ConfigError([
      "onyxia.namespace-access.cluster-role and onyxia.namespace-access.service-account " +
        "(ONYXIA_NAMESPACE_ACCESS_CLUSTER_ROLE, ONYXIA_NAMESPACE_ACCESS_SERVICE_ACCOUNT) go together: set both or neither",
    ]);
  const [namespace = "", name = ""] = account.split(":");
  return { clusterRole: role, serviceAccount: { namespace, name } };
}

/** What helm gets from the server's environment (nothing else leaks into it), plus the cluster settings. */
export function helmEnvironment(
  runtime: RuntimeSettings,
  env: Env = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of HELM_INHERITS) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  if (runtime.kubeconfig !== undefined) out.KUBECONFIG = runtime.kubeconfig;
  if (runtime.kubernetesServiceHost !== undefined)
    out.KUBERNETES_SERVICE_HOST = runtime.kubernetesServiceHost;
  if (runtime.kubernetesServicePort !== undefined)
    out.KUBERNETES_SERVICE_PORT = runtime.kubernetesServicePort;
  return out;
}

/** The web customization variables (Onyxia's names, read by config/web-env.ts). */
export function processEnvironment(): Env {
  return { ...process.env };
}
