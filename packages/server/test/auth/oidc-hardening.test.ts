// Token verification details beyond the basics (oidc.test.ts): clock skew, key rotation with a
// rate-limited JWKS refetch, the algorithm allow-list, required expiry, nested claims, and what
// /public/configuration tells the web.
import { SignJWT } from "jose";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "@onyxia-ts/core";
import { configWith, startedApp } from "../app/fixtures.ts";
import {
  signingKey,
  signToken,
  startIssuer,
  type LocalIssuer,
  type SigningKey,
} from "./local-issuer.ts";

let issuer: LocalIssuer;
let k1: SigningKey;
const apps: FastifyInstance[] = [];

async function appWith(oidc: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await startedApp(
    configWith({
      catalogs: [],
      authentication: { mode: "openidconnect" },
      oidc: { "issuer-uri": issuer.url, clientID: "onyxia", audience: "onyxia", ...oidc },
    }),
  );
  apps.push(app);
  return app;
}

const info = (app: FastifyInstance, token: string) =>
  app.inject({ url: "/api/user/info", headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  k1 = await signingKey("k1");
  issuer = await startIssuer([k1]);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await issuer.close();
});

describe("clock skew", () => {
  it("accepts a token expired within the tolerance (30 s by default) and refuses it with 0", async () => {
    const token = await signToken(issuer, k1, { preferred_username: "alice" }, { expIn: -10 });
    expect((await info(await appWith(), token)).statusCode).toBe(200);
    const strict = await info(await appWith({ "clock-skew-seconds": 0 }), token);
    expect(strict.statusCode).toBe(401);
    expect(strict.json().detail).toMatch(/"exp" claim/);
  });
});

describe("key rotation", () => {
  it("refetches the JWKS once for an unknown kid, then verifies with the new key", async () => {
    const app = await appWith({ "jwks-cooldown-seconds": 0 });
    issuer.published = [k1];
    expect(
      (await info(app, await signToken(issuer, k1, { preferred_username: "alice" }))).statusCode,
    ).toBe(200);
    const k2 = await signingKey("k2");
    issuer.published = [k1, k2];
    const before = issuer.jwksFetches;
    const res = await info(app, await signToken(issuer, k2, { preferred_username: "alice" }));
    expect(res.statusCode).toBe(200);
    expect(issuer.jwksFetches).toBe(before + 1);
  });

  it("does not let unknown kids hammer the issuer: at most one refetch per cooldown", async () => {
    const app = await appWith({ "jwks-cooldown-seconds": 3600 });
    issuer.published = [k1];
    expect(
      (await info(app, await signToken(issuer, k1, { preferred_username: "alice" }))).statusCode,
    ).toBe(200);
    const before = issuer.jwksFetches;
    for (let i = 0; i < 5; i++) {
      const stranger = await signingKey(`unknown-${i}`);
      expect(
        (
          await info(
            app,
            await signToken(issuer, k1, { preferred_username: "alice" }, { key: stranger }),
          )
        ).statusCode,
      ).toBe(401);
    }
    expect(issuer.jwksFetches).toBe(before);
  });
});

describe("algorithms", () => {
  it("accepts ES256 by default and only the configured algorithms when set", async () => {
    const ec = await signingKey("ec1", "ES256");
    issuer.published = [k1, ec];
    const esToken = await signToken(issuer, ec, { preferred_username: "alice" });
    expect((await info(await appWith(), esToken)).statusCode).toBe(200);
    const rsOnly = await appWith({ algorithms: "RS256" });
    const refused = await info(rsOnly, esToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/alg/i);
    expect(
      (await info(rsOnly, await signToken(issuer, k1, { preferred_username: "alice" }))).statusCode,
    ).toBe(200);
  });

  it("refuses `none` and HMAC algorithms in the configuration", () => {
    const resolved = (algorithms: string) =>
      resolveConfig({ file: { name: "t.yaml", data: { oidc: { algorithms } } }, env: {} });
    expect(() => resolved("RS256,HS256")).toThrow(/oidc\.algorithms.*"HS256" is not accepted/s);
    expect(() => resolved("none")).toThrow(/"none" is not accepted/);
  });

  it("refuses a token without an expiry", async () => {
    const token = await new SignJWT({ preferred_username: "alice" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer.url)
      .setAudience("onyxia")
      .sign(k1.privateKey);
    issuer.published = [k1];
    const res = await info(await appWith(), token);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/exp/);
  });
});

describe("claims", () => {
  it("reads groups, roles and the username from nested claim paths", async () => {
    const app = await appWith({
      "username-claim": "lab.login",
      "groups-claim": "realm_access.groups",
      "roles-claim": "realm_access.roles",
    });
    const token = await signToken(issuer, k1, {
      lab: { login: "carol" },
      realm_access: { groups: ["team-a"], roles: ["z", "a"] },
    });
    const res = await info(app, token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ idep: "carol", groups: ["team-a"], roles: ["a", "z"] });
  });
});

describe("/public/configuration", () => {
  it("exposes the oidcConfiguration the web logs in with, and nothing secret", async () => {
    const app = await appWith({
      "extra-query-params": "kc_idp_hint=lab",
      scope: "openid profile groups",
      idleSessionLifetimeInSeconds: 900,
    });
    const body = (await app.inject({ url: "/api/public/configuration" })).json();
    expect(body.oidcConfiguration).toEqual({
      issuerURI: issuer.url,
      clientID: "onyxia",
      extraQueryParams: "kc_idp_hint=lab",
      scope: "openid profile groups",
      idleSessionLifetimeInSeconds: 900,
      audience: "onyxia",
    });
  });
});
