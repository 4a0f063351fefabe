// The stack's OIDC provider (oidc-provider 8 over HTTPS) as a StackComponent, plus getToken()
// for `npm run stack:token <user>` and the tests.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { createContext } from "../../lib/context.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { runningPid, spawnDetached } from "../../lib/processes.ts";
import { ensureSecrets } from "./keys.ts";
import { ensurePki, pkiPaths } from "./pki.ts";
import { getTokenSet, OIDC_ISSUER, type GetTokenOptions, type TokenSet } from "./token.ts";
import { DEFAULT_CLIENT_ID } from "./users.ts";

export { OIDC_ISSUER } from "./token.ts";
export { TEST_USERS, TEST_GROUPS, findUserByName } from "./users.ts";
export type { TokenSet, GetTokenOptions };

const NAME = "oidc";

function getJson(url: string, caFile: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: fs.readFileSync(caFile), timeout: 2000 }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject)
      .on("timeout", function (this: { destroy(): void }) {
        this.destroy();
      });
  });
}

const oidc: StackComponent = {
  name: NAME,
  // Nothing to compile: the provider runs from node_modules with tsx. Make the CA and keys early
  // so other components (kube-apiserver flags, MinIO CAs dir) can point at them.
  async build(ctx) {
    ensurePki(ctx.stateDir);
    await ensureSecrets(ctx.stateDir);
  },
  async start(ctx) {
    if (runningPid(ctx, NAME) !== undefined) return;
    ensurePki(ctx.stateDir);
    spawnDetached(ctx, {
      name: NAME,
      command: process.execPath,
      args: [
        "--import",
        "tsx",
        path.join(ctx.root, "stack", "components", "oidc", "server.ts"),
        ctx.stateDir,
      ],
      cwd: ctx.root,
    });
  },
  async healthy(ctx) {
    try {
      const { status, body } = await getJson(
        `${OIDC_ISSUER}/.well-known/openid-configuration`,
        pkiPaths(ctx.stateDir).caCert,
      );
      return status === 200 && (JSON.parse(body) as { issuer?: string }).issuer === OIDC_ISSUER;
    } catch {
      return false;
    }
  },
  env(ctx) {
    const { caCert } = pkiPaths(ctx.stateDir);
    return {
      OIDC_ISSUER,
      OIDC_CLIENT_ID: DEFAULT_CLIENT_ID,
      OIDC_PORT: String(PORTS.oidc),
      OIDC_HOST: HOST,
      // The stack CA that signed the issuer's certificate (also usable as NODE_EXTRA_CA_CERTS).
      OIDC_CA_FILE: caCert,
      STACK_CA_FILE: caCert,
    };
  },
};

export default oidc;

/** A fresh access token of a test user, through the real login form (code + PKCE). */
export async function getToken(
  user: string,
  options: GetTokenOptions & { ctx?: StackContext } = {},
): Promise<string> {
  return (await getTokens(user, options)).access_token;
}

/** Access, ID and refresh tokens of a test user. */
export async function getTokens(
  user: string,
  options: GetTokenOptions & { ctx?: StackContext } = {},
): Promise<TokenSet> {
  const ctx = options.ctx ?? createContext();
  return getTokenSet(user, pkiPaths(ctx.stateDir).caCert, options);
}
