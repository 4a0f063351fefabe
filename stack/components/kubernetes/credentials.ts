// Tokens, the service-account signing key and kubeconfigs, generated once per `.stack/`
// (kept across restarts so existing tokens and secrets stay valid).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { ensureCa, ensureSignedCert, keyPair } from "../../lib/pki.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { PEOPLE, SYSTEM_USERS, type ClusterUser } from "./users.ts";
import { stateDir } from "./versions.ts";

/** The name the aggregation layer's client certificate carries (--requestheader-allowed-names). */
export const FRONT_PROXY_CLIENT = "front-proxy-client";
/** What the aggregator checks metrics-server's serving certificate against (the Service's DNS name). */
export const METRICS_SERVER_DNS = "metrics-server.kube-system.svc";

export const paths = (ctx: StackContext) => {
  const dir = stateDir(ctx);
  const pki = path.join(dir, "pki");
  return {
    dir,
    pki,
    /**
     * kube-apiserver's --client-ca-file. It signs no certificate (people and components use
     * tokens): the apiserver publishes it in extension-apiserver-authentication, without which
     * metrics-server logs a "missing client-ca-file" error every few seconds.
     */
    clientCa: keyPair(pki, "client-ca"),
    /** The CA of the aggregation layer's client certificate (--requestheader-client-ca-file). */
    frontProxyCa: keyPair(pki, "front-proxy-ca"),
    /** kube-apiserver's client certificate towards metrics-server (--proxy-client-cert-file). */
    frontProxyClient: keyPair(pki, FRONT_PROXY_CLIENT),
    /** Signs the serving certificates of KWOK (the nodes' "kubelet") and metrics-server. */
    servingCa: keyPair(pki, "serving-ca"),
    kwokServing: keyPair(pki, "kwok-serving"),
    metricsServerServing: keyPair(pki, "metrics-server-serving"),
    /** Written by kube-apiserver itself on first start: serving certificate followed by its CA. */
    servingCert: path.join(dir, "pki", "apiserver.crt"),
    serviceAccountKey: path.join(dir, "pki", "service-account.key"),
    serviceAccountPub: path.join(dir, "pki", "service-account.pub"),
    tokens: path.join(dir, "tokens.csv"),
    tokenJson: path.join(dir, "tokens.json"),
    etcdData: path.join(dir, "etcd"),
    /** The admin kubeconfig people and tests use (KUBECONFIG); has a context per test person too. */
    kubeconfig: path.join(ctx.stateDir, "kubeconfig"),
    componentKubeconfig: (name: string) => path.join(dir, `${name}.kubeconfig`),
  };
};

export const apiserverUrl = () => `https://${HOST}:${PORTS.kubeApiserver}`;

type Tokens = Record<string, string>;

/** The aggregation layer's and the metrics pipeline's certificates, if missing. */
function ensureAggregationPki(p: ReturnType<typeof paths>): void {
  ensureCa(p.pki, "client-ca", "onyxia-ts client CA (signs nothing)");
  const frontProxyCa = ensureCa(p.pki, "front-proxy-ca", "onyxia-ts front-proxy CA");
  ensureSignedCert(p.pki, FRONT_PROXY_CLIENT, frontProxyCa, {
    subject: `/CN=${FRONT_PROXY_CLIENT}`,
    usage: "clientAuth",
  });
  const servingCa = ensureCa(p.pki, "serving-ca", "onyxia-ts stack serving CA");
  ensureSignedCert(p.pki, "kwok-serving", servingCa, {
    subject: `/CN=${HOST}`,
    subjectAltNames: [`IP:${HOST}`],
    usage: "serverAuth",
  });
  ensureSignedCert(p.pki, "metrics-server-serving", servingCa, {
    subject: `/CN=${METRICS_SERVER_DNS}`,
    subjectAltNames: [`DNS:${METRICS_SERVER_DNS}`, "DNS:localhost", `IP:${HOST}`],
    usage: "serverAuth",
  });
}

/**
 * Creates the service-account key pair, the aggregation certificates and one random token per
 * identity, if missing (an identity added later gets its token, the others keep theirs).
 */
export function ensureCredentials(ctx: StackContext): void {
  const p = paths(ctx);
  fs.mkdirSync(p.pki, { recursive: true });
  if (!fs.existsSync(p.serviceAccountKey)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(p.serviceAccountKey, privateKey.export({ type: "pkcs8", format: "pem" }), {
      mode: 0o600,
    });
    fs.writeFileSync(p.serviceAccountPub, publicKey.export({ type: "spki", format: "pem" }));
  }
  ensureAggregationPki(p);
  const users: ClusterUser[] = [...Object.values(SYSTEM_USERS), ...PEOPLE];
  const known: Tokens = fs.existsSync(p.tokenJson)
    ? (JSON.parse(fs.readFileSync(p.tokenJson, "utf8")) as Tokens)
    : {};
  if (users.some((u) => known[u.name] === undefined)) {
    const tokens: Tokens = Object.fromEntries(
      users.map((u) => [u.name, known[u.name] ?? randomBytes(24).toString("hex")]),
    );
    // token,user,uid[,"group1,group2"] — the apiserver's static token file format.
    const groups = (u: ClusterUser) => (u.groups.length > 0 ? `,"${u.groups.join(",")}"` : "");
    const lines = users.map((u) => `${tokens[u.name]},${u.name},${u.name}${groups(u)}`);
    fs.writeFileSync(p.tokens, `${lines.join("\n")}\n`, { mode: 0o600 });
    fs.writeFileSync(p.tokenJson, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  }
}

/** The static bearer token of a cluster identity ("stack-admin", "alice", …). */
export function tokenOf(ctx: StackContext, user: string): string {
  const tokens = JSON.parse(fs.readFileSync(paths(ctx).tokenJson, "utf8")) as Tokens;
  const token = tokens[user];
  if (token === undefined)
    throw new Error(`no static token for "${user}" (known: ${Object.keys(tokens).join(", ")})`);
  return token;
}

export const adminToken = (ctx: StackContext) => tokenOf(ctx, SYSTEM_USERS.admin.name);

function kubeconfigYaml(
  caData: string,
  users: { context: string; user: string; token: string }[],
  current: string,
) {
  // JSON is valid YAML, and every kubeconfig reader accepts it.
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "onyxia-ts",
          cluster: { server: apiserverUrl(), "certificate-authority-data": caData },
        },
      ],
      users: users.map((u) => ({ name: u.context, user: { token: u.token } })),
      contexts: users.map((u) => ({
        name: u.context,
        context: { cluster: "onyxia-ts", user: u.context },
      })),
      "current-context": current,
      preferences: {},
    },
    null,
    2,
  );
}

/** Needs the serving certificate, so call it once kube-apiserver has written it. */
export function writeKubeconfigs(ctx: StackContext): void {
  const p = paths(ctx);
  const caData = fs.readFileSync(p.servingCert).toString("base64");
  const entry = (context: string, user: string) => ({ context, user, token: tokenOf(ctx, user) });
  const people = PEOPLE.map((u) => entry(u.name, u.name));
  fs.writeFileSync(
    p.kubeconfig,
    kubeconfigYaml(caData, [entry("admin", SYSTEM_USERS.admin.name), ...people], "admin"),
    {
      mode: 0o600,
    },
  );
  for (const [file, user] of [
    ["kube-controller-manager", SYSTEM_USERS.controllerManager.name],
    ["kube-scheduler", SYSTEM_USERS.scheduler.name],
    ["kwok", SYSTEM_USERS.kwok.name],
    ["metrics-server", SYSTEM_USERS.metricsServer.name],
  ] as const) {
    fs.writeFileSync(
      p.componentKubeconfig(file),
      kubeconfigYaml(caData, [entry(file, user)], file),
      { mode: 0o600 },
    );
  }
}
