// Issue 11, items 2, 6, 7 and the identity-provider fault of 8: a token issued to another client
// is refused, the anonymous healthcheck tells only the status, a client cannot choose its own
// address with X-Forwarded-For, and an unreachable identity provider is a 503 the healthcheck shows.
import type { FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, standardCatalogs, startedApp, tempDir } from "../app/fixtures.ts";
import {
  signingKey,
  signToken,
  startIssuer,
  type LocalIssuer,
  type SigningKey,
} from "../auth/local-issuer.ts";

let issuer: LocalIssuer;
let key: SigningKey;
const apps: FastifyInstance[] = [];
const fixture = tempDir();

async function appWith(data: Record<string, unknown> = {}, oidc: Record<string, unknown> = {}) {
  const app = await startedApp(
    configWith({
      catalogs: [],
      authentication: { mode: "openidconnect" },
      oidc: { "issuer-uri": issuer.url, clientID: "onyxia", ...oidc },
      ...data,
    }),
  );
  apps.push(app);
  return app;
}

const info = (app: FastifyInstance, token: string) =>
  app.inject({ url: "/api/user/info", headers: { authorization: `Bearer ${token}` } });

/** A token with `aud` (or none) and `azp` as given. */
async function tokenFor(aud: string | string[] | undefined, azp?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ preferred_username: "alice", ...(azp ? { azp } : {}) })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer.url)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + 300);
  if (aud !== undefined) jwt = jwt.setAudience(aud);
  return jwt.sign(key.privateKey);
}

beforeAll(async () => {
  key = await signingKey("k1");
  issuer = await startIssuer([key]);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await issuer.close();
  fixture.cleanup();
});

describe("token audience (no oidc.audience configured)", () => {
  it("accepts the clientID in aud or azp and refuses tokens issued to other clients with 401", async () => {
    const app = await appWith();
    expect((await info(app, await tokenFor("onyxia"))).statusCode).toBe(200);
    expect((await info(app, await tokenFor(["account", "onyxia"]))).statusCode).toBe(200);
    expect((await info(app, await tokenFor("account", "onyxia"))).statusCode).toBe(200);
    for (const [aud, azp] of [
      ["onyxia-minio", "onyxia-minio"],
      ["kubernetes", undefined],
      [undefined, undefined],
    ] as const) {
      const res = await info(app, await tokenFor(aud, azp));
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toMatch(
        /"aud" claim .* is not for this service \(accepted: onyxia\)/,
      );
    }
  });

  it("accepts exactly the configured list of audiences", async () => {
    const app = await appWith({}, { "accepted-audiences": "onyxia-api, onyxia" });
    expect((await info(app, await tokenFor("onyxia-api"))).statusCode).toBe(200);
    expect((await info(app, await tokenFor("onyxia"))).statusCode).toBe(200);
    expect((await info(app, await tokenFor("onyxia-minio"))).statusCode).toBe(401);
  });
});

describe("healthcheck", () => {
  it("tells anonymous callers the status only; a signed-in caller gets the details", async () => {
    const catalogs = await standardCatalogs(fixture.dir);
    const app = await appWith({ catalogs });
    const anonymous = await app.inject({ url: "/api/public/healthcheck" });
    expect(anonymous.json()).toEqual({ status: "DOWN" });
    expect(anonymous.body).not.toMatch(/restricted|does-not-exist|lint/);
    const signedIn = await app.inject({
      url: "/api/public/healthcheck",
      headers: {
        authorization: `Bearer ${await signToken(issuer, key, { preferred_username: "alice" })}`,
      },
    });
    expect(signedIn.json().catalogs.map((c: { id: string }) => c.id)).toContain("restricted");
    expect(signedIn.json().identityProvider).toEqual({ status: "UP" });
  });

  it("answers 503 (not 401) while the identity provider cannot be reached, and reports it", async () => {
    const app = await appWith({}, { "issuer-uri": "http://127.0.0.1:9/realms/gone" });
    const token = await signToken(issuer, key, { preferred_username: "alice" });
    const res = await info(app, token);
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toMatch(/identity provider/);
    const health = await app.inject({ url: "/api/public/healthcheck" });
    expect(health.statusCode).toBe(500);
    expect(health.json()).toEqual({ status: "DOWN" });
  });
});

describe("X-Forwarded-For", () => {
  it("is ignored from a client that is not a configured proxy", async () => {
    const app = await appWith();
    const res = await app.inject({
      url: "/api/public/ip",
      remoteAddress: "198.51.100.4",
      headers: { "x-forwarded-for": "10.1.2.3", "x-real-ip": "10.1.2.3" },
    });
    expect(res.json()).toEqual({ ip: "198.51.100.4" });
  });

  it("is followed through configured proxies (CIDR), up to the first untrusted hop", async () => {
    const app = await appWith({ server: { "trust-proxy": "10.0.0.0/8" } });
    const res = await app.inject({
      url: "/api/public/ip",
      remoteAddress: "10.0.0.2",
      headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.5" },
    });
    expect(res.json()).toEqual({ ip: "203.0.113.9" });
  });

  it("refuses a malformed trusted proxy at configuration time", () => {
    expect(() => configWith({ server: { "trust-proxy": ["not-an-ip"] } })).toThrow(
      /server.trust-proxy\[0\]/,
    );
  });
});
