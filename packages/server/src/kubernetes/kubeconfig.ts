// Which cluster and identity the server uses for a region: `services.server` (URL + token or
// basic auth), else the configured kubeconfig file(s) (`runtime.kubeconfig`, from KUBECONFIG or
// ~/.kube/config), else in-cluster (service account).
//
// Read here, not with @kubernetes/client-node's KubeConfig: that module pulls the whole generated
// API client (~80 MiB of RSS, a third of the idle server) for what is a few fields. It is still
// loaded, lazily, for the credentials only it understands (exec plugins, auth providers).
import { readFileSync } from "node:fs";
import type https from "node:https";
import path from "node:path";
import type { Region, RuntimeSettings } from "@onyxia-ts/core";
import { parse as parseYaml } from "yaml";
import { KubernetesUnavailableError } from "./errors.ts";

export type KubernetesSettings = Pick<
  RuntimeSettings,
  "kubeconfig" | "kubernetesServiceHost" | "kubernetesServicePort"
>;

export interface KubeCluster {
  name: string;
  server: string;
  /** PEM, from certificate-authority-data or the certificate-authority file. */
  caFile?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  tlsServerName?: string;
}

/** A kubeconfig user as written (kebab-case keys); `token`, `username` read directly. */
export interface KubeUser {
  name: string;
  token?: string;
  username?: string;
  password?: string;
  [key: string]: unknown;
}

interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** What the Kubernetes client needs from a kubeconfig (KubeConfig of client-node fits too). */
export interface KubeCredentials {
  getCurrentCluster(): { server: string } | null;
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

const IN_CLUSTER_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** A kubeconfig: clusters, users and contexts by name, and the current context. */
export class KubeAccess implements KubeCredentials {
  readonly clusters = new Map<string, KubeCluster>();
  readonly users = new Map<string, KubeUser>();
  readonly contexts = new Map<string, KubeContext>();
  currentContext: string | undefined;
  private delegate: Promise<KubeCredentials> | undefined;

  /** Adds a parsed kubeconfig document; what is already known wins (kubectl's merge order). */
  add(document: unknown, file?: string): void {
    if (!isRecord(document)) throw new Error("the kubeconfig is not a YAML mapping");
    const dir = file ? path.dirname(file) : process.cwd();
    const resolve = (p: unknown) => (text(p) ? path.resolve(dir, p as string) : undefined);
    const entries = (key: string) =>
      (Array.isArray(document[key]) ? (document[key] as unknown[]) : []).filter(isRecord);
    for (const entry of entries("clusters")) {
      const name = text(entry.name);
      const c = isRecord(entry.cluster) ? entry.cluster : {};
      if (!name || this.clusters.has(name) || !text(c.server)) continue;
      this.clusters.set(name, {
        name,
        server: c.server as string,
        ...(text(c["certificate-authority-data"])
          ? { caData: Buffer.from(c["certificate-authority-data"] as string, "base64").toString() }
          : resolve(c["certificate-authority"])
            ? { caFile: resolve(c["certificate-authority"]) as string }
            : {}),
        ...(c["insecure-skip-tls-verify"] === true ? { skipTLSVerify: true } : {}),
        ...(text(c["tls-server-name"]) ? { tlsServerName: c["tls-server-name"] as string } : {}),
      });
    }
    for (const entry of entries("users")) {
      const name = text(entry.name);
      if (!name || this.users.has(name)) continue;
      const u: Raw = { ...(isRecord(entry.user) ? entry.user : {}) };
      for (const key of ["client-certificate", "client-key", "tokenFile"])
        if (text(u[key])) u[key] = resolve(u[key]);
      this.users.set(name, { ...u, name } as KubeUser);
    }
    for (const entry of entries("contexts")) {
      const name = text(entry.name);
      const c = isRecord(entry.context) ? entry.context : {};
      if (!name || this.contexts.has(name)) continue;
      this.contexts.set(name, {
        name,
        cluster: text(c.cluster) ?? "",
        user: text(c.user) ?? "",
        ...(text(c.namespace) ? { namespace: c.namespace as string } : {}),
      });
    }
    this.currentContext ??= text(document["current-context"]);
  }

  private context(): KubeContext | undefined {
    return this.currentContext ? this.contexts.get(this.currentContext) : undefined;
  }

  getCurrentCluster(): KubeCluster | null {
    return this.clusters.get(this.context()?.cluster ?? "") ?? null;
  }

  getCurrentUser(): KubeUser | null {
    return this.users.get(this.context()?.user ?? "") ?? null;
  }

  /** The current context's namespace, if it names one. */
  currentNamespace(): string | undefined {
    return this.context()?.namespace;
  }

  /** TLS material and the Authorization header, read from disk anew (rotated tokens). */
  async applyToHTTPSOptions(options: https.RequestOptions): Promise<void> {
    const cluster = this.getCurrentCluster();
    const user = this.getCurrentUser() ?? { name: "" };
    if (user.exec !== undefined || user["auth-provider"] !== undefined)
      return (await this.clientNode()).applyToHTTPSOptions(options);
    if (cluster?.caData) options.ca = cluster.caData;
    else if (cluster?.caFile) options.ca = readFileSync(cluster.caFile);
    if (cluster?.skipTLSVerify) options.rejectUnauthorized = false;
    if (cluster?.tlsServerName) options.servername = cluster.tlsServerName;
    const pem = (dataKey: string, fileKey: string) =>
      text(user[dataKey])
        ? Buffer.from(user[dataKey] as string, "base64")
        : text(user[fileKey])
          ? readFileSync(user[fileKey] as string)
          : undefined;
    const cert = pem("client-certificate-data", "client-certificate");
    const key = pem("client-key-data", "client-key");
    if (cert) options.cert = cert;
    if (key) options.key = key;
    const token =
      text(user.token) ??
      (text(user.tokenFile) ? readFileSync(user.tokenFile as string, "utf8").trim() : undefined);
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    if (token) headers.Authorization = `Bearer ${token}`;
    else if (user.username !== undefined)
      headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ""}`).toString("base64")}`;
    options.headers = headers;
  }

  /** This configuration as a kubeconfig document (helm --kubeconfig). */
  exportConfig(): string {
    return JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [...this.clusters.values()].map((c) => ({
        name: c.name,
        cluster: {
          server: c.server,
          ...(c.caData
            ? { "certificate-authority-data": Buffer.from(c.caData).toString("base64") }
            : {}),
          ...(c.caFile ? { "certificate-authority": c.caFile } : {}),
          ...(c.skipTLSVerify ? { "insecure-skip-tls-verify": true } : {}),
          ...(c.tlsServerName ? { "tls-server-name": c.tlsServerName } : {}),
        },
      })),
      users: [...this.users.values()].map(({ name, ...user }) => ({ name, user })),
      contexts: [...this.contexts.values()].map(({ name, ...context }) => ({ name, context })),
      ...(this.currentContext ? { "current-context": this.currentContext } : {}),
    });
  }

  /** client-node's KubeConfig over the same configuration, loaded on first need. */
  private clientNode(): Promise<KubeCredentials> {
    this.delegate ??= import("@kubernetes/client-node").then(({ KubeConfig }) => {
      const kc = new KubeConfig();
      kc.loadFromString(this.exportConfig());
      return kc;
    });
    return this.delegate;
  }
}

/** The kubeconfig files of `files` (KUBECONFIG's path list), merged. */
export function loadKubeconfigFiles(files: string[]): KubeAccess {
  const access = new KubeAccess();
  for (const file of files) access.add(parseYaml(readFileSync(file, "utf8")), file);
  return access;
}

/** The pod's service account, as client-node's loadFromCluster reads it. */
export function inClusterKubeconfig(host: string, port: string): KubeAccess {
  const access = new KubeAccess();
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  access.add({
    clusters: [
      {
        name: "inCluster",
        cluster: { server, "certificate-authority": `${IN_CLUSTER_DIR}/ca.crt` },
      },
    ],
    users: [{ name: "inClusterUser", user: { tokenFile: `${IN_CLUSTER_DIR}/token` } }],
    contexts: [
      {
        name: "inClusterContext",
        context: { cluster: "inCluster", user: "inClusterUser" },
      },
    ],
    "current-context": "inClusterContext",
  });
  return access;
}

export function kubeConfigForRegion(region: Region, settings: KubernetesSettings): KubeAccess {
  const server = region.services.server;
  if (server?.URL) {
    const auth = server.auth ?? {};
    const kc = new KubeAccess();
    kc.add({
      clusters: [{ name: region.id, cluster: { server: server.URL } }],
      users: [
        {
          name: region.id,
          user: auth.token
            ? { token: auth.token }
            : { username: auth.username, password: auth.password },
        },
      ],
      contexts: [{ name: region.id, context: { cluster: region.id, user: region.id } }],
      "current-context": region.id,
    });
    return kc;
  }
  // Never a silent fallback to http://localhost:8080 (what client-node's loadFromDefault does).
  const files = (settings.kubeconfig ?? "").split(path.delimiter).filter(Boolean);
  let kc = new KubeAccess();
  try {
    if (files.length > 0) kc = loadKubeconfigFiles(files);
    else if (settings.kubernetesServiceHost && settings.kubernetesServicePort)
      kc = inClusterKubeconfig(settings.kubernetesServiceHost, settings.kubernetesServicePort);
  } catch (error) {
    throw new KubernetesUnavailableError(
      `Cannot load a kubeconfig for region "${region.id}": ${(error as Error).message}`,
    );
  }
  if (!kc.getCurrentCluster()) {
    throw new KubernetesUnavailableError(
      `No Kubernetes cluster configured for region "${region.id}": set services.server.URL in the region, ` +
        "run in a cluster, or point KUBECONFIG at a kubeconfig file",
    );
  }
  return kc;
}
