import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { configWith, startedApp } from "../app/fixtures.ts";

const EXPECTED_PATHS = [
  "/api/public/configuration",
  "/api/public/regions",
  "/api/public/catalogs",
  "/api/public/healthcheck",
  "/api/public/ip",
  "/api/public/schemas",
  "/api/public/schemas/{*}",
  "/api/user/info",
  "/api/my-lab/catalogs",
  "/api/my-lab/catalogs/{catalogId}/charts/{chartName}",
  "/api/my-lab/schemas/{catalogId}/charts/{chartName}/versions/{version}",
];

/** Full paths from Fastify's route tree ("├── segment (GET)" lines, 4 columns per level). */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^(.*?)[└├]── (.*) \(GET\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    paths.push(stack.join(""));
  }
  return paths;
}

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
    expect(Object.keys(doc.paths).sort()).toEqual([...EXPECTED_PATHS].sort());
    for (const path of EXPECTED_PATHS) {
      expect(doc.paths[path].get.responses["200"], path).toBeDefined();
    }
    const versions = doc.paths["/api/my-lab/catalogs/{catalogId}/charts/{chartName}"].get;
    expect(versions.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:catalogId", "path:chartName", "header:onyxia-region", "header:onyxia-project"]),
    );
    expect(versions.responses["404"].content["application/json"].schema.properties.detail).toBeDefined();
  });

  it("documents every GET route the app registers under /api", async () => {
    const apiGets = routesOf(app.printRoutes({ commonPrefix: false, method: "GET" })).filter(
      (p) => p.startsWith("/api/") && p !== "/api/v3/api-docs",
    );
    // The tree prints a wildcard child without its leading slash.
    const documented = EXPECTED_PATHS.map((p) => p.replace("/{*}", "*").replace(/\{(\w+)\}/g, ":$1"));
    expect(apiGets.sort()).toEqual(documented.sort());
  });
});
