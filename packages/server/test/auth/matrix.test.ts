// The authorization matrix: EVERY authenticated endpoint the app registers (from the route
// inventory, so routes other people add later are covered without touching this file) × every
// kind of bad or foreign credential. Each cell has an expected status, and none may leak a token
// into the logs or the audit trail. The issuer is real (JWKS over HTTP, jose keys).
import { createHmac } from "node:crypto";
import { Writable } from "node:stream";
import { exportSPKI, importJWK, type KeyObject } from "jose";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/http/protections/index.ts";
import { routeAccess } from "../../src/http/protections/index.ts";
import { configWith, standardCatalogs, startedApp, tempDir } from "../app/fixtures.ts";
import {
  signingKey,
  signToken,
  startIssuer,
  unsignedToken,
  type LocalIssuer,
  type SigningKey,
} from "./local-issuer.ts";

const fixture = tempDir();
let issuer: LocalIssuer;
let key: SigningKey;
let app: FastifyInstance;
let base: string;
const logLines: string[] = [];
const audit: AuditEntry[] = [];
const issuedTokens: string[] = [];

interface Endpoint {
  method: string;
  url: string;
  path: string;
  access: "user" | "project" | "admin";
}

type Expectation = { status: number } | { notIn: number[] };

interface Case {
  name: string;
  headers: () => Promise<Record<string, string>>;
  expect: (endpoint: Endpoint) => Expectation;
}

const PARAM_VALUES: Record<string, string> = {
  catalogId: "main",
  chartName: "demo",
  version: "1.0.0",
  "*": "x",
};

function concretePath(url: string): string {
  return url
    .replace(/:(\w+)/g, (_m, name: string) => PARAM_VALUES[name] ?? "x")
    .replace(/\*$/, PARAM_VALUES["*"]!);
}

const bearer = (token: string) => {
  issuedTokens.push(token);
  return { authorization: `Bearer ${token}` };
};
const alice = { preferred_username: "alice", groups: ["admins"], email: "alice@lab.test" };
const bob = { preferred_username: "bob", groups: ["devs"], email: "bob@lab.test" };

/** HS256 "signed" with the issuer's public key as the HMAC secret: the algorithm-confusion attack. */
async function hmacWithPublicKey(): Promise<string> {
  const pem = await exportSPKI((await importJWK(key.publicJwk, "RS256")) as KeyObject);
  const now = Math.floor(Date.now() / 1000);
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${part({ alg: "HS256", kid: key.kid, typ: "JWT" })}.${part({ ...alice, iss: issuer.url, aud: "onyxia", exp: now + 300 })}`;
  return `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
}

const unauthorized = () => ({ status: 401 });
const CASES: Case[] = [
  { name: "no token", headers: async () => ({}), expect: unauthorized },
  { name: "malformed token", headers: async () => bearer("not.a-jwt"), expect: unauthorized },
  {
    name: "not a bearer",
    headers: async () => ({ authorization: "Basic YWxpY2U6cGFzc3dvcmQ=" }),
    expect: unauthorized,
  },
  {
    name: "expired token",
    headers: async () => bearer(await signToken(issuer, key, alice, { expIn: -120 })),
    expect: unauthorized,
  },
  {
    name: "wrong issuer",
    headers: async () =>
      bearer(await signToken(issuer, key, alice, { iss: "https://evil.example/realms/lab" })),
    expect: unauthorized,
  },
  {
    name: "wrong audience",
    headers: async () => bearer(await signToken(issuer, key, alice, { aud: "another-client" })),
    expect: unauthorized,
  },
  {
    name: "alg none",
    headers: async () => bearer(unsignedToken(issuer, alice)),
    expect: unauthorized,
  },
  {
    name: "HS256 with the public key",
    headers: async () => bearer(await hmacWithPublicKey()),
    expect: unauthorized,
  },
  {
    name: "another key, same kid",
    headers: async () =>
      bearer(await signToken(issuer, key, alice, { key: await signingKey("other"), kid: key.kid })),
    expect: unauthorized,
  },
  {
    name: "username not RFC 1123",
    headers: async () =>
      bearer(await signToken(issuer, key, { ...alice, preferred_username: "Alice_X" })),
    expect: unauthorized,
  },
  {
    name: "foreign project",
    headers: async () => ({
      ...bearer(await signToken(issuer, key, bob)),
      "onyxia-project": "user-alice",
    }),
    // /user/info acts on no project (it lists them): a stale project header must not lock the web out.
    expect: (e) => (e.access === "user" ? { notIn: [401, 403, 500] } : { status: 403 }),
  },
  {
    name: "group left",
    headers: async () => ({
      ...bearer(await signToken(issuer, key, { ...alice, groups: [] })),
      "onyxia-project": "projet-admins",
    }),
    expect: (e) => (e.access === "user" ? { notIn: [401, 403, 500] } : { status: 403 }),
  },
  {
    // Issue 17: every admin route refuses a valid user of their own project who is not an admin.
    name: "own project, not an admin",
    headers: async () => ({
      ...bearer(await signToken(issuer, key, bob)),
      "onyxia-project": "projet-devs",
    }),
    expect: (e) => (e.access === "admin" ? { status: 403 } : { notIn: [401, 403, 500] }),
  },
  {
    name: "own project",
    headers: async () => ({
      ...bearer(await signToken(issuer, key, alice)),
      "onyxia-project": "projet-admins",
    }),
    // Anything but an authorization refusal or a crash: 503 when the (absent) cluster is needed,
    // 400 for missing input. Alice is an admin (group "admins" is in admin.roles).
    expect: () => ({ notIn: [401, 403, 500] }),
  },
];

let endpoints: Endpoint[] = [];

beforeAll(async () => {
  key = await signingKey("k1");
  issuer = await startIssuer([key]);
  const catalogs = await standardCatalogs(fixture.dir);
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  app = await startedApp(
    configWith({
      catalogs,
      authentication: { mode: "openidconnect" },
      oidc: { "issuer-uri": issuer.url, clientID: "onyxia", audience: "onyxia" },
      security: { "rate-limit": { max: 0 } },
      admin: { roles: ["admins"] },
      regions: [
        {
          id: "lab",
          // Kubernetes is unreachable: routes needing it answer 503, never hang.
          services: {
            singleNamespace: false,
            authenticationMode: "impersonate",
            server: { URL: "https://127.0.0.1:9" },
            // Enabled so /my-lab/quota answers from the cluster rather than its "quotas are off" 403.
            quotas: { userEnabled: true, groupEnabled: true },
          },
        },
      ],
    }),
    {
      logger: { level: "debug", stream: logStream },
      audit: { write: (entry) => audit.push(entry) },
    },
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const basePath = app.onyxia.config.server.basePath;
  endpoints = app.routeInventory
    .filter((r) => !r.webApp)
    .map((r) => ({
      method: r.method,
      url: r.url,
      path: concretePath(r.url),
      access: routeAccess(r.method, r.url, basePath),
    }))
    .filter((e): e is Endpoint => e.access !== "public");
});

afterAll(async () => {
  await app.close();
  await issuer.close();
  fixture.cleanup();
});

/** The status only: streaming answers (SSE) are aborted once their headers arrive. */
async function statusOf(endpoint: Endpoint, headers: Record<string, string>): Promise<number> {
  const abort = new AbortController();
  const mutating = endpoint.method !== "GET";
  const response = await fetch(base + endpoint.path, {
    method: endpoint.method,
    headers: { ...headers, ...(mutating ? { "content-type": "application/json" } : {}) },
    ...(mutating ? { body: "{}" } : {}),
    signal: abort.signal,
  });
  abort.abort();
  return response.status;
}

describe("authorization matrix", () => {
  it("covers every authenticated endpoint, including the ones registered by other route plugins", () => {
    const urls = endpoints.map((e) => `${e.method} ${e.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        "GET /api/user/info",
        "GET /api/profile/schema",
        "GET /api/my-lab/catalogs",
        "GET /api/my-lab/catalogs/:catalogId/charts/:chartName",
        "GET /api/my-lab/schemas/:catalogId/charts/:chartName/versions/:version",
      ]),
    );
    // /profile/schema checks the user only (as onyxia-api): a stale project header is no 403.
    expect(endpoints.find((e) => e.url === "/api/profile/schema")?.access).toBe("user");
    // The services read routes (another plugin) are in too.
    expect(urls.some((u) => u.startsWith("GET /api/my-lab/services"))).toBe(true);
    // Every admin route (issue 17), with the admin access level.
    const admin = endpoints.filter((e) => e.access === "admin").map((e) => `${e.method} ${e.url}`);
    expect(admin.sort()).toEqual([
      "GET /api/admin/capacity",
      "GET /api/admin/quotas",
      "GET /api/admin/services",
      "GET /api/admin/services.csv",
      "POST /api/admin/services/delete",
      "POST /api/admin/services/resume",
      "POST /api/admin/services/suspend",
    ]);
  });

  it("gives every cell its expected status", async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      const headers = await c.headers();
      for (const endpoint of endpoints) {
        const status = await statusOf(endpoint, headers);
        const expected = c.expect(endpoint);
        const ok =
          "status" in expected ? status === expected.status : !expected.notIn.includes(status);
        if (!ok)
          failures.push(
            `${c.name} × ${endpoint.method} ${endpoint.path}: got ${status}, expected ${JSON.stringify(expected)}`,
          );
      }
    }
    console.log(
      `authorization matrix: ${endpoints.length} endpoints × ${CASES.length} cases = ${endpoints.length * CASES.length} cells`,
    );
    if (failures.length)
      console.log(
        logLines
          .filter((l) => l.includes('"level":50'))
          .slice(0, 3)
          .join("\n"),
      );
    expect(failures).toEqual([]);
  });

  it("audits every mutating cell, with the user only when the credential was valid", () => {
    const mutating = endpoints.filter((e) => e.method !== "GET");
    expect(mutating.length).toBeGreaterThan(0);
    expect(audit.length).toBe(mutating.length * CASES.length);
    const own = audit.filter((a) => a.user === "alice" && a.project === "projet-admins");
    expect(own.length).toBe(mutating.length);
    expect(audit.filter((a) => a.status === 401).every((a) => a.user === null)).toBe(true);
  });

  it("never writes a token to the log or the audit trail, on any path", () => {
    expect(logLines.length).toBeGreaterThan(0);
    const everything = logLines.join("") + JSON.stringify(audit);
    const leaked = issuedTokens.filter(
      (t) => everything.includes(t) || everything.includes(t.split(".")[2] || "\u0000"),
    );
    expect(leaked).toEqual([]);
    expect(everything).not.toContain("YWxpY2U6cGFzc3dvcmQ=");
  });
});
