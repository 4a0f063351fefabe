// Security headers on API answers, the request size limit, and an issuer outage that must not
// put the token in the log.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { configWith, startedApp } from "../app/fixtures.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = await startedApp(
    configWith({ catalogs: [], "server.body-limit-bytes": 2048, audit: { sink: "none" } }),
  );
});
afterAll(() => app.close());

describe("API responses", () => {
  it("carry the security headers", async () => {
    const res = await app.inject({ url: "/api/user/info" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=/);
    expect(res.headers["content-security-policy"]).toMatch(/object-src 'none'/);
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("carry the same security headers on every answer, errors included", async () => {
    const ok = await app.inject({ url: "/api/public/healthcheck" });
    const missing = await app.inject({ url: "/api/no-such-route" });
    expect(missing.statusCode).toBe(404);
    const names = [
      "content-security-policy",
      "strict-transport-security",
      "x-content-type-options",
      "x-frame-options",
      "referrer-policy",
      "cross-origin-opener-policy",
    ];
    for (const name of names) {
      expect(ok.headers[name], name).toBeTruthy();
      expect(missing.headers[name], name).toBe(ok.headers[name]);
    }
  });

  it("refuse bodies over server.body-limit-bytes with 413 problem+json", async () => {
    const res = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ packageName: "demo", options: { blob: "x".repeat(4096) } }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  });
});

describe("an unreachable issuer", () => {
  it("answers 503 and logs the outage without the token", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const down = await startedApp(
      configWith({
        catalogs: [],
        authentication: { mode: "openidconnect" },
        oidc: { "issuer-uri": "http://127.0.0.1:9/realms/gone", clientID: "onyxia" },
        audit: { sink: "log" },
      }),
      { logger: { level: "debug", stream } },
    );
    const token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJl";
    const res = await down.inject({
      method: "DELETE",
      url: "/api/my-lab/app?path=x",
      headers: { authorization: `Bearer ${token}` },
    });
    await down.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toMatch(/signing keys are unavailable/);
    expect(lines.some((l) => l.includes("cannot fetch the OIDC signing keys"))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"audit"'))).toBe(true);
    for (const secret of [token, token.split(".")[1]!, token.split(".")[2]!])
      expect(lines.join("")).not.toContain(secret);
  });
});
