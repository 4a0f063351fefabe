// Per-user rate limit on mutating calls, and the audit trail's sinks.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startedApp, tempDir } from "../app/fixtures.ts";
import {
  signingKey,
  signToken,
  startIssuer,
  type LocalIssuer,
  type SigningKey,
} from "../auth/local-issuer.ts";

const fixture = tempDir();
let issuer: LocalIssuer;
let key: SigningKey;
let app: FastifyInstance;
const auditFile = path.join(fixture.dir, "audit.jsonl");

const oidcSettings = () => ({
  authentication: { mode: "openidconnect" },
  oidc: { "issuer-uri": issuer.url, clientID: "onyxia", audience: "onyxia" },
});

beforeAll(async () => {
  key = await signingKey("k1");
  issuer = await startIssuer([key]);
  app = await startedApp(
    configWith({
      catalogs: [],
      ...oidcSettings(),
      security: { "rate-limit": { max: 3, "window-seconds": 60 } },
      audit: { sink: `file:${auditFile}` },
    }),
  );
});
afterAll(async () => {
  await issuer.close();
  fixture.cleanup();
});

const as = async (username: string) => ({
  authorization: `Bearer ${await signToken(issuer, key, { preferred_username: username })}`,
});
const install = async (username: string) =>
  app.inject({
    method: "PUT",
    url: "/api/my-lab/app",
    headers: { ...(await as(username)), "content-type": "application/json" },
    payload: "{}",
  });

describe("rate limit on mutating calls", () => {
  it("answers 429 problem+json with Retry-After past the limit, per user, and never limits reads", async () => {
    for (let i = 0; i < 3; i++) expect((await install("alice")).statusCode).not.toBe(429);
    const limited = await install("alice");
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(limited.headers["retry-after"]).toBeDefined();
    expect(limited.json()).toMatchObject({ status: 429, title: "Too Many Requests" });
    expect(limited.json().detail).toMatch(/at most 3 per 60 s per user/);
    // Another user has their own budget; reads are free.
    expect((await install("bob")).statusCode).not.toBe(429);
    for (let i = 0; i < 10; i++) {
      expect(
        (await app.inject({ url: "/api/user/info", headers: await as("alice") })).statusCode,
      ).toBe(200);
    }
  });

  it("is off with max 0", async () => {
    const free = await startedApp(
      configWith({ catalogs: [], security: { "rate-limit": { max: 0 } }, audit: { sink: "none" } }),
    );
    for (let i = 0; i < 70; i++) {
      const res = await free.inject({
        method: "PUT",
        url: "/api/my-lab/app",
        headers: { "content-type": "application/json" },
        payload: "{}",
      });
      expect(res.statusCode).not.toBe(429);
    }
    await free.close();
  });
});

describe("audit trail", () => {
  it("writes one JSON line per mutating request to the file sink, with who, what, where and the result", async () => {
    await app.close(); // Flushes the file.
    const lines = readFileSync(auditFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    // 3 + 1 limited for alice, 1 for bob; reads are not audited.
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      type: "audit",
      user: "alice",
      method: "PUT",
      route: "/api/my-lab/app",
      action: "install",
      region: "default",
      project: "single-project",
    });
    expect(lines[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(lines[3]).toMatchObject({ user: "alice", status: 429 });
    expect(lines[4]).toMatchObject({ user: "bob" });
    expect(readFileSync(auditFile, "utf8")).not.toMatch(/eyJ/); // No JWT anywhere.
  });

  it("can go through the app log instead", async () => {
    const lines: string[] = [];
    const { Writable } = await import("node:stream");
    const stream = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const logged = await startedApp(configWith({ catalogs: [], audit: { sink: "log" } }), {
      logger: { level: "info", stream },
    });
    await logged.inject({ method: "DELETE", url: "/api/my-lab/app?path=demo-1" });
    await logged.close();
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "audit");
    expect(entry?.audit).toMatchObject({
      user: "default",
      method: "DELETE",
      action: "uninstall",
      release: "demo-1",
    });
  });
});
