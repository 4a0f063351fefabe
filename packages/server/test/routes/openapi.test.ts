import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { configWith, startedApp } from "../app/fixtures.ts";

// The routes this file's owner registers; others (services, lifecycle) are checked generically below.
const EXPECTED_PATHS = [
  "/api/public/configuration",
  "/api/public/regions",
  "/api/public/catalogs",
  "/api/public/healthcheck",
  "/api/public/ip",
  "/api/public/schemas",
  "/api/public/schemas/{*}",
  "/api/user/info",
  "/api/profile/schema",
  "/api/my-lab/catalogs",
  "/api/my-lab/catalogs/{catalogId}/charts/{chartName}",
  "/api/my-lab/schemas/{catalogId}/charts/{chartName}/versions/{version}",
];

/** Fastify's `/a/:b` and `/a/*` as OpenAPI writes them. */
const openApiPath = (url: string) => url.replace(/\/\*$/, "/{*}").replace(/:(\w+)/g, "{$1}");

let app: FastifyInstance;
beforeAll(async () => {
  app = await startedApp(configWith({ catalogs: [] }));
});
afterAll(() => app.close());

describe("GET /api/v3/api-docs", () => {
  it("is a valid OpenAPI 3 JSON document listing every API route with its responses", async () => {
    const res = await app.inject({ url: "/api/v3/api-docs" });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("onyxia-ts API");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(EXPECTED_PATHS));
    for (const path of EXPECTED_PATHS) {
      expect(doc.paths[path].get.responses["200"], path).toBeDefined();
    }
    const versions = doc.paths["/api/my-lab/catalogs/{catalogId}/charts/{chartName}"].get;
    expect(
      versions.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
    ).toEqual(
      expect.arrayContaining([
        "path:catalogId",
        "path:chartName",
        "header:onyxia-region",
        "header:onyxia-project",
      ]),
    );
    expect(
      versions.responses["404"].content["application/json"].schema.properties.detail,
    ).toBeDefined();
  });

  it("documents every API route the app registers, and nothing else", async () => {
    const doc = JSON.parse((await app.inject({ url: "/api/v3/api-docs" })).body);
    const registered = app.routeInventory
      .filter((r) => r.url.startsWith("/api/") && !r.hidden && r.method !== "OPTIONS")
      .map((r) => `${r.method} ${openApiPath(r.url)}`);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== "parameters")
          .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(registered.length).toBeGreaterThan(EXPECTED_PATHS.length - 1);
    expect(registered.sort()).toEqual(documented.sort());
  });
});
