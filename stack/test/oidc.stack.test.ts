// The stack's OIDC provider: HTTPS discovery trusted through the stack CA, RS256 JWT access
// and ID tokens with Onyxia's claims, the real login form, and keys that survive a restart.
// @stack-components oidc
import https from "node:https";
import fs from "node:fs";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import oidc, { getTokens, OIDC_ISSUER } from "../components/oidc/index.ts";
import { forgeToken } from "../components/oidc/forge.ts";
import { pkiPaths } from "../components/oidc/pki.ts";
import { createContext } from "../lib/context.ts";
import { stopProcess } from "../lib/processes.ts";
import { pollUntil } from "../lib/time.ts";

const ctx = createContext();
const caFile = pkiPaths(ctx.stateDir).caCert;

function get(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, ca ? { ca } : {}, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

async function jwks() {
  const { body } = await get(`${OIDC_ISSUER}/jwks`, fs.readFileSync(caFile));
  return createLocalJWKSet(JSON.parse(body) as JSONWebKeySet);
}

describe("OIDC provider", () => {
  beforeAll(async () => {
    expect(await oidc.healthy(ctx)).toBe(true);
  });

  it("serves discovery over HTTPS with a certificate only the stack CA vouches for", async () => {
    await expect(get(`${OIDC_ISSUER}/.well-known/openid-configuration`)).rejects.toThrow(
      /certificate/i,
    );
    const { status, body } = await get(
      `${OIDC_ISSUER}/.well-known/openid-configuration`,
      fs.readFileSync(caFile),
    );
    expect(status).toBe(200);
    const discovery = JSON.parse(body) as Record<string, unknown>;
    expect(discovery.issuer).toBe(OIDC_ISSUER);
    expect(discovery.code_challenge_methods_supported).toContain("S256");
  });

  it("lets the web app's origins call /token from a browser (CORS), and no other origin", async () => {
    const preflight = (origin: string) =>
      new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const request = https.request(
          `${OIDC_ISSUER}/token`,
          {
            method: "OPTIONS",
            ca: fs.readFileSync(caFile),
            headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.headers));
          },
        );
        request.on("error", reject).end();
      });
    // A preflight is answered for any origin; the decision is on the actual request. So check
    // what the browser would see on a (failing, codeless) token request.
    const tokenRequest = (origin: string) =>
      new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const request = https.request(
          `${OIDC_ISSUER}/token`,
          {
            method: "POST",
            ca: fs.readFileSync(caFile),
            headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.headers));
          },
        );
        request.on("error", reject).end("grant_type=authorization_code&client_id=onyxia&code=nope");
      });
    expect((await preflight("http://127.0.0.1:8080"))["access-control-allow-origin"]).toBeDefined();
    expect((await tokenRequest("http://127.0.0.1:8080"))["access-control-allow-origin"]).toBe(
      "http://127.0.0.1:8080",
    );
    expect(
      (await tokenRequest("https://evil.example"))["access-control-allow-origin"],
    ).toBeUndefined();
  });

  it("issues RS256 JWT access and ID tokens carrying alice's identity, groups and roles", async () => {
    const tokens = await getTokens("alice");
    const keys = await jwks();
    const access = await jwtVerify(tokens.access_token, keys, {
      issuer: OIDC_ISSUER,
      audience: "onyxia",
    });
    expect(access.protectedHeader.alg).toBe("RS256");
    expect(access.payload).toMatchObject({
      preferred_username: "alice",
      email: "alice@example.test",
      name: "Alice Martin",
      groups: ["team-a", "admins"],
      roles: ["admin"],
    });
    expect(access.payload.sub).toBeTruthy();
    expect(access.payload.exp! - access.payload.iat!).toBeGreaterThanOrEqual(3600);
    const id = await jwtVerify(tokens.id_token, keys, { issuer: OIDC_ISSUER, audience: "onyxia" });
    expect(id.payload).toMatchObject({
      sub: access.payload.sub,
      preferred_username: "alice",
      groups: ["team-a", "admins"],
    });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it("gives each client its own audience and carol no group", async () => {
    const { access_token } = await getTokens("carol", { clientId: "onyxia-vault" });
    const { payload } = await jwtVerify(access_token, await jwks(), {
      issuer: OIDC_ISSUER,
      audience: "onyxia-vault",
    });
    expect(payload.preferred_username).toBe("carol");
    expect(payload.groups).toEqual([]);
  });

  it("refuses a wrong password and an unknown client", async () => {
    await expect(getTokens("bob", { password: "not-bob" })).rejects.toThrow(/login refused/);
    await expect(getTokens("bob", { clientId: "not-a-client" })).rejects.toThrow();
  });

  it("does not verify a token signed by another key, even with the provider's kid", async () => {
    const real = await getTokens("alice");
    const forged = await forgeToken("alice", decodeProtectedHeader(real.access_token).kid!);
    await expect(jwtVerify(forged, await jwks(), { issuer: OIDC_ISSUER })).rejects.toThrow(
      /signature/i,
    );
  });

  it("keeps its signing keys across a restart, so earlier tokens stay valid", async () => {
    const before = await getTokens("bob");
    await stopProcess(ctx, "oidc");
    expect(await oidc.healthy(ctx)).toBe(false);
    await oidc.start(ctx);
    expect(await pollUntil(() => oidc.healthy(ctx), 30_000)).toBe(true);
    const { payload } = await jwtVerify(before.access_token, await jwks(), { issuer: OIDC_ISSUER });
    expect(payload.preferred_username).toBe("bob");
  });
});
