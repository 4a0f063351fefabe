import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInSchemas, createSchemaRegistry, type JSONSchema } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { configWith, standardCatalogs, startedApp, tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
let app: FastifyInstance;

// Onyxia's v11 shape: an array with a templated STS role and bookmarks, served verbatim.
const s3Entries = [
  {
    URL: "https://minio.example",
    pathStyleAccess: true,
    region: "us-east-1",
    sts: {
      durationSeconds: 3600,
      role: { profileName: "team-$1", roleARN: "", roleSessionName: "o", claimName: "groups" },
    },
    bookmarks: [{ s3Uri: "s3://projet-$1/", title: { en: "Project $1" }, claimName: "groups" }],
  },
];

const regions = [
  {
    id: "paris",
    name: "Paris",
    services: { server: { URL: "https://k8s.example", auth: { token: "TOP-SECRET-TOKEN" } } },
  },
  { id: "lyon", services: { singleNamespace: false }, data: { S3: s3Entries } },
];

beforeAll(async () => {
  const catalogs = await standardCatalogs(fixture.dir);
  const roleSchema: JSONSchema = { type: "object", title: "admin resources" };
  app = await startedApp(configWith({ regions, catalogs }), {
    build: { version: "9.9.9", timestamp: 1700000000 },
    schemas: createSchemaRegistry({
      builtIn: builtInSchemas,
      roles: { admin: { "ide/resources.json": roleSchema } },
    }),
  });
});
afterAll(async () => {
  await app.close();
  fixture.cleanup();
});

describe("GET /api/public/configuration and /regions", () => {
  it("serves build info and the regions, without credentials or oidcConfiguration in mode none", async () => {
    const res = await app.inject({ url: "/api/public/configuration" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.build).toEqual({ version: "9.9.9", timestamp: 1700000000 });
    expect(body.regions.map((r: { id: string }) => r.id)).toEqual(["paris", "lyon"]);
    expect(body.regions[0].services.singleNamespace).toBe(true);
    expect(body.regions[1].services.namespacePrefix).toBe("user-");
    expect(body).not.toHaveProperty("oidcConfiguration");
    expect(res.body).not.toContain("TOP-SECRET-TOKEN");
  });

  it("never serializes services.server in /public/regions", async () => {
    const res = await app.inject({ url: "/api/public/regions" });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0].services).not.toHaveProperty("server");
    expect(res.json()[0].services.quotas).toEqual({ userEnabled: false, groupEnabled: false });
    expect(res.body).not.toContain("TOP-SECRET-TOKEN");
  });

  it("serves data.S3 in Onyxia's shape, as configured", async () => {
    const res = await app.inject({ url: "/api/public/regions" });
    expect(res.json()[0]).not.toHaveProperty("data");
    expect(res.json()[1].data).toEqual({ S3: s3Entries });
  });

  it("adds oidcConfiguration in openidconnect mode", async () => {
    const config = configWith({
      regions,
      catalogs: [],
      authentication: { mode: "openidconnect" },
      oidc: {
        "issuer-uri": "https://sso.example/realms/x",
        clientID: "onyxia",
        "extra-query-params": "kc_idp_hint=x",
      },
    });
    const oidcApp = await startedApp(config, { users: { resolve: async () => null } });
    const res = await oidcApp.inject({ url: "/api/public/configuration" });
    expect(res.json().oidcConfiguration).toEqual({
      issuerURI: "https://sso.example/realms/x",
      clientID: "onyxia",
      scope: "openid profile",
      extraQueryParams: "kc_idp_hint=x",
    });
    await oidcApp.close();
  });
});

describe("GET /api/public/catalogs and /healthcheck", () => {
  it("lists catalogs without the restricted one", async () => {
    const res = await app.inject({ url: "/api/public/catalogs" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const ids = res.json().catalogs.map((c: { id: string }) => c.id);
    expect(ids).toEqual(["main", "broken"]);
    const main = res.json().catalogs[0];
    expect(Object.keys(main.catalog.latestPackages).sort()).toEqual([
      "brokenref",
      "demo",
      "noschema",
    ]);
    expect(main).not.toHaveProperty("restrictions");
  });

  it("answers 304 to a matching If-None-Match and gzip when accepted", async () => {
    const first = await app.inject({ url: "/api/public/catalogs" });
    const etag = String(first.headers.etag);
    const again = await app.inject({
      url: "/api/public/catalogs",
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    const gzipped = await app.inject({
      url: "/api/public/catalogs",
      headers: { "accept-encoding": "gzip" },
    });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString())).toEqual(first.json());
  });

  it("answers 500 while a catalog never loaded, naming it and its error; the others are served", async () => {
    const res = await app.inject({ url: "/api/public/healthcheck" });
    expect(res.statusCode).toBe(500);
    const byId = Object.fromEntries(res.json().catalogs.map((c: { id: string }) => [c.id, c]));
    expect(res.json().status).toBe("DOWN");
    expect(byId.main.status).toBe("loaded");
    expect(byId.main.lastUpdateTime).toBeGreaterThan(0);
    // The lint summary goes through the route's response schema; a catalog that never loaded has none.
    expect(byId.main.lint).toEqual({
      errors: expect.any(Number),
      warnings: expect.any(Number),
      chartVersions: expect.any(Number),
    });
    expect(byId.broken).not.toHaveProperty("lint");
    expect(byId.broken).toMatchObject({ status: "failed", lastUpdateTime: 0 });
    expect(byId.broken.error).toMatch(/broken.*does-not-exist/);
    const versions = await app.inject({ url: "/api/my-lab/catalogs/main/charts/demo" });
    expect(versions.statusCode).toBe(200);
  });

  it("answers 200 once every catalog loaded", async () => {
    const catalogs = (await standardCatalogs(fixture.dir)).filter((c) => c.id !== "broken");
    const healthy = await startedApp(configWith({ catalogs }));
    const res = await healthy.inject({ url: "/api/public/healthcheck" });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("UP");
    await healthy.close();
  });
});

describe("GET /api/public/ip", () => {
  it("follows X-Forwarded-For through the trusted proxies only, else the remote address", async () => {
    const proxied = await startedApp(
      configWith({ catalogs: [], server: { "trust-proxy": ["127.0.0.1", "10.0.0.0/8"] } }),
    );
    const forwarded = await proxied.inject({
      url: "/api/public/ip",
      headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1" },
    });
    expect(forwarded.json()).toEqual({ ip: "203.0.113.7" });
    await proxied.close();
    const direct = await app.inject({ url: "/api/public/ip", remoteAddress: "198.51.100.4" });
    expect(direct.json()).toEqual({ ip: "198.51.100.4" });
  });
});

describe("GET /api/public/schemas", () => {
  it("lists every registry key, with a role's schemas overlaid", async () => {
    const all = (await app.inject({ url: "/api/public/schemas" })).json();
    expect(Object.keys(all)).toEqual(expect.arrayContaining(Object.keys(builtInSchemas)));
    expect(all["ide/resources.json"]).toEqual(builtInSchemas["ide/resources.json"]);
    const admin = (await app.inject({ url: "/api/public/schemas?role=admin" })).json();
    expect(admin["ide/resources.json"]).toEqual({ type: "object", title: "admin resources" });
  });

  it("serves one schema by a key containing slashes, or a 404 problem", async () => {
    const one = await app.inject({ url: "/api/public/schemas/ide/resources.json" });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(builtInSchemas["ide/resources.json"]);
    const missing = await app.inject({ url: "/api/public/schemas/ide/nope.json" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({
      status: 404,
      title: "Not Found",
      detail: 'No schema "ide/nope.json"',
    });
  });
});
