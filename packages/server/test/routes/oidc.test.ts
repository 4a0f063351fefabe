// OIDC mode against a real (tiny) issuer: an HTTP server publishing discovery and JWKS documents.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import type { FastifyInstance } from "fastify";
import { configWith, standardCatalogs, startedApp, tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
let issuer: string;
let server: Server;
let app: FastifyInstance;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let discoveryHits = 0;

async function token(
  claims: JWTPayload,
  options: { iss?: string; aud?: string; exp?: string; key?: typeof keys.privateKey } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? "onyxia")
    .setIssuedAt()
    .setExpirationTime(options.exp ?? "5m")
    .sign(options.key ?? keys.privateKey);
}

beforeAll(async () => {
  keys = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/realms/lab/.well-known/openid-configuration") {
      discoveryHits++;
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/certs` }));
    } else if (req.url === "/realms/lab/certs") res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/lab`;
  const catalogs = await standardCatalogs(fixture.dir);
  app = await startedApp(
    configWith({
      catalogs,
      authentication: { mode: "openidconnect" },
      oidc: {
        "issuer-uri": issuer,
        clientID: "onyxia",
        audience: "onyxia",
        "roles-claim": "realm_access.roles",
      },
    }),
  );
});
afterAll(async () => {
  await app.close();
  server.close();
  fixture.cleanup();
});

const userInfo = (authorization?: string) =>
  app.inject({ url: "/api/user/info", headers: authorization ? { authorization } : {} });

describe("openidconnect mode", () => {
  it("requires a token on authenticated routes only", async () => {
    const res = await userInfo();
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/Bearer/);
    expect((await app.inject({ url: "/api/public/catalogs" })).statusCode).toBe(200);
  });

  it("builds the user from a valid token's claims", async () => {
    const jwt = await token({
      preferred_username: "jdoe",
      email: "jdoe@example.org",
      name: "Jane Doe",
      groups: ["admins"],
      realm_access: { roles: ["zeta", "alpha"] },
    });
    const res = await userInfo(`Bearer ${jwt}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      idep: "jdoe",
      email: "jdoe@example.org",
      nomComplet: "Jane Doe",
      groups: ["admins"],
      roles: ["alpha", "zeta"],
    });
    expect(res.body).not.toContain(jwt);
    const catalogs = await app.inject({
      url: "/api/my-lab/catalogs",
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(catalogs.json().catalogs.map((c: { id: string }) => c.id)).toContain("restricted");
    expect(discoveryHits).toBe(1);
  });

  it("rejects a wrong issuer, a wrong audience, an expired token, a foreign signature and a bad username", async () => {
    const other = await generateKeyPair("RS256");
    const cases: Array<[Promise<string>, RegExp]> = [
      [token({ preferred_username: "a" }, { iss: "https://evil.example" }), /"iss" claim/],
      [token({ preferred_username: "a" }, { aud: "someone-else" }), /"aud" claim/],
      [token({ preferred_username: "a" }, { exp: "-1m" }), /"exp" claim/],
      [token({ preferred_username: "a" }, { key: other.privateKey }), /signature/],
      [token({ preferred_username: "Not_Valid" }), /RFC 1123/],
    ];
    for (const [jwt, message] of cases) {
      const res = await userInfo(`Bearer ${await jwt}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toMatch(message);
    }
    expect((await userInfo("Basic abc")).statusCode).toBe(401);
  });

  it("verifies with a static oidc.public-key without contacting the issuer", async () => {
    const pem = await exportSPKI(keys.publicKey);
    const publicKey = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const staticApp = await startedApp(
      configWith({
        catalogs: [],
        authentication: { mode: "openidconnect" },
        oidc: { "public-key": publicKey, clientID: "onyxia" },
      }),
    );
    const res = await staticApp.inject({
      url: "/api/user/info",
      headers: {
        authorization: `Bearer ${await token({ preferred_username: "kim" }, { iss: "https://unreachable.invalid" })}`,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().idep).toBe("kim");
    await staticApp.close();
  });
});
