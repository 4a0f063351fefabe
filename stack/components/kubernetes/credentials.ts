// Tokens, the service-account signing key and kubeconfigs, generated once per `.stack/`
// (kept across restarts so existing tokens and secrets stay valid).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { PEOPLE, SYSTEM_USERS, type ClusterUser } from "./users.ts";
import { stateDir } from "./versions.ts";

export const paths = (ctx: StackContext) => {
  const dir = stateDir(ctx);
  return {
    dir,
    pki: path.join(dir, "pki"),
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

/** Creates the service-account key pair and one random token per identity, if missing. */
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
  if (!fs.existsSync(p.tokenJson)) {
    const users: ClusterUser[] = [...Object.values(SYSTEM_USERS), ...PEOPLE];
    const tokens: Tokens = Object.fromEntries(
      users.map((u) => [u.name, randomBytes(24).toString("hex")]),
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
  ] as const) {
    fs.writeFileSync(
      p.componentKubeconfig(file),
      kubeconfigYaml(caData, [entry(file, user)], file),
      { mode: 0o600 },
    );
  }
}
