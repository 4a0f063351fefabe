import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
import { configWith, tempDir } from "./fixtures.ts";

const fixture = tempDir();
const dist = path.join(fixture.dir, "dist");
let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(path.join(dist, "assets"), { recursive: true });
  writeFileSync(
    path.join(dist, "index.html"),
    "<!doctype html><title>SPA</title><div id=root></div>",
  );
  writeFileSync(path.join(dist, "assets", "app-123.js"), "console.log(1)");
  app = await buildApp({
    config: configWith({
      catalogs: [],
      "security.cors.allowed_origins": "https://allowed.example",
    }),
    webDistDirectory: dist,
  });
});
afterAll(async () => {
  await app.close();
  fixture.cleanup();
});

describe("web app", () => {
  it("serves index.html at / and hashed assets with a long cache", async () => {
    const root = await app.inject({ url: "/" });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain("<title>SPA</title>");
    const asset = await app.inject({ url: "/assets/app-123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("falls back to index.html for client routes that accept HTML", async () => {
    const res = await app.inject({
      url: "/catalog/main?x=1",
      headers: { accept: "text/html,application/xhtml+xml" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>SPA</title>");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("answers JSON 404s under the API prefix, even for HTML requests", async () => {
    const res = await app.inject({ url: "/api/unknown", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, detail: "No route GET /api/unknown" });
    const missingAsset = await app.inject({ url: "/assets/missing.js" });
    expect(missingAsset.statusCode).toBe(404);
  });

  it("says how to build the web app when dist is missing", async () => {
    const bare = await buildApp({
      config: configWith({ catalogs: [] }),
      webDistDirectory: path.join(fixture.dir, "nope"),
    });
    const res = await bare.inject({ url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("npm run build");
    expect((await bare.inject({ url: "/api/public/ip" })).statusCode).toBe(200);
    await bare.close();
  });
});

describe("security", () => {
  it("sends a CSP that allows the Vite bundle and MUI's inline styles", async () => {
    const csp = String((await app.inject({ url: "/" })).headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // WebAssembly compilation only (DuckDB-WASM in the data explorer), not eval of JavaScript.
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it("allows CORS only from the configured origins", async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/api/user/info",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "onyxia-region",
        },
      });
    const allowed = await preflight("https://allowed.example");
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://allowed.example");
    expect(String(allowed.headers["access-control-allow-headers"])).toMatch(/ONYXIA-REGION/i);
    const other = await preflight("https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends no CORS headers when no origin is configured (Onyxia's default)", async () => {
    const plain = await buildApp({ config: configWith({ catalogs: [] }), webDistDirectory: null });
    const res = await plain.inject({
      url: "/api/public/ip",
      headers: { origin: "https://allowed.example" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    await plain.close();
  });

  it("never logs authorization headers or token query parameters", async () => {
    const stream = new PassThrough();
    let logged = "";
    stream.on("data", (chunk: Buffer) => (logged += chunk.toString()));
    const logging = await buildApp({
      // The access log on: the one place a request URL is logged.
      config: configWith({ catalogs: [], server: { "access-log": true } }),
      webDistDirectory: null,
      logger: { level: "info", stream },
    });
    await logging.inject({
      url: "/api/public/ip?access_token=QUERY-SECRET&role=x",
      headers: { authorization: "Bearer HEADER-SECRET", cookie: "session=COOKIE-SECRET" },
    });
    logging.log.info({ password: "FIELD-SECRET", user: "bob" }, "a log line with a password field");
    await logging.close();
    expect(logged).toContain("/api/public/ip?access_token=%5Bredacted%5D&role=x");
    expect(logged).toContain('"user":"bob"');
    for (const secret of ["QUERY-SECRET", "HEADER-SECRET", "COOKIE-SECRET", "FIELD-SECRET"])
      expect(logged).not.toContain(secret);
  });
});

describe("API prefix", () => {
  it("serves the API under a configured base path", async () => {
    const prefixed = await buildApp({
      config: configWith({ catalogs: [], server: { basePath: "/onyxia/api/" } }),
      webDistDirectory: null,
    });
    expect((await prefixed.inject({ url: "/onyxia/api/public/ip" })).statusCode).toBe(200);
    expect((await prefixed.inject({ url: "/api/public/ip" })).statusCode).toBe(404);
    const doc = (await prefixed.inject({ url: "/onyxia/api/v3/api-docs" })).json();
    expect(Object.keys(doc.paths)).toContain("/onyxia/api/public/ip");
    await prefixed.close();
  });
});
