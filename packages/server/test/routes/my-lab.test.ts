import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInSchemas, createSchemaRegistry, type JSONSchema } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import type { User, UserResolver } from "../../src/user/index.ts";
import { configWith, standardCatalogs, startedApp, tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
let app: FastifyInstance;
let adminApp: FastifyInstance;

const admin: User = {
  idep: "alice",
  email: "alice@example.org",
  nomComplet: "Alice Liddell",
  ip: "127.0.0.1",
  groups: ["admins"],
  roles: ["gpu"],
  attributes: { groups: ["admins"], preferred_username: "alice" },
};
const asAdmin: UserResolver = { resolve: async () => admin };
const gpuResources: JSONSchema = {
  type: "object",
  title: "GPU resources",
  properties: { gpu: { type: "integer" } },
};

beforeAll(async () => {
  const catalogs = await standardCatalogs(fixture.dir);
  const config = configWith({
    regions: [{ id: "r1" }, { id: "r2", services: { singleNamespace: false } }],
    catalogs,
  });
  app = await startedApp(config);
  adminApp = await startedApp(config, {
    users: asAdmin,
    schemas: createSchemaRegistry({
      builtIn: builtInSchemas,
      roles: { gpu: { "ide/resources.json": gpuResources } },
    }),
  });
});
afterAll(async () => {
  await app.close();
  await adminApp.close();
  fixture.cleanup();
});

describe("GET /api/my-lab/catalogs", () => {
  it("applies catalog restrictions to the caller", async () => {
    const ids = (res: { json(): { catalogs: { id: string }[] } }) =>
      res.json().catalogs.map((c) => c.id);
    expect(ids(await app.inject({ url: "/api/my-lab/catalogs" }))).toEqual(["main", "broken"]);
    expect(ids(await adminApp.inject({ url: "/api/my-lab/catalogs" }))).toEqual([
      "main",
      "restricted",
      "broken",
    ]);
  });
});

describe("GET /api/my-lab/catalogs/:catalogId/charts/:chartName", () => {
  it("returns every kept version, newest first, with defaultValues and extra index fields", async () => {
    const res = await app.inject({ url: "/api/my-lab/catalogs/main/charts/demo" });
    expect(res.statusCode).toBe(200);
    const charts = res.json();
    expect(charts.map((c: { version: string }) => c.version)).toEqual([
      "1.2.0-rc.1",
      "1.1.0",
      "1.0.0",
    ]);
    expect(charts[2].defaultValues).toBe("replicas: 1\n");
    expect(charts[2].dependencies).toEqual([{ name: "lib", condition: "lib.enabled" }]);
  });

  it("answers 404 naming the unknown catalog or chart, 503 for a catalog that failed, 400 for a bad name", async () => {
    const noCatalog = await app.inject({ url: "/api/my-lab/catalogs/nope/charts/demo" });
    expect(noCatalog.statusCode).toBe(404);
    expect(noCatalog.json().detail).toBe('Unknown catalog "nope"');
    const noChart = await app.inject({ url: "/api/my-lab/catalogs/main/charts/nope" });
    expect(noChart.statusCode).toBe(404);
    expect(noChart.json().detail).toBe('Chart "nope" not found in catalog "main"');
    const failed = await app.inject({ url: "/api/my-lab/catalogs/broken/charts/demo" });
    expect(failed.statusCode).toBe(503);
    expect(failed.json().detail).toMatch(/^Catalog "broken" failed to load: .*does-not-exist/);
    const bad = await app.inject({ url: "/api/my-lab/catalogs/main/charts/..%2F..%2Fetc" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().title).toBe("Validation failed");
  });
});

describe("GET /api/my-lab/schemas/:catalogId/charts/:chartName/versions/:version", () => {
  it("resolves overwriteSchemaWith against the registry", async () => {
    const res = await app.inject({ url: "/api/my-lab/schemas/main/charts/demo/versions/1.1.0" });
    expect(res.statusCode).toBe(200);
    const schema = res.json();
    expect(schema.properties.replicas).toEqual({ type: "integer", default: 1 });
    expect(schema.properties.resources.title).toBe(builtInSchemas["ide/resources.json"]!.title);
    expect(schema.properties.resources.properties).toEqual(
      builtInSchemas["ide/resources.json"]!.properties,
    );
  });

  it("uses the caller's role-specific schemas", async () => {
    const res = await adminApp.inject({
      url: "/api/my-lab/schemas/main/charts/demo/versions/1.1.0",
    });
    expect(res.json().properties.resources).toMatchObject(gpuResources);
  });

  it("answers an empty body when the chart has no schema", async () => {
    const res = await app.inject({
      url: "/api/my-lab/schemas/main/charts/noschema/versions/0.1.0",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("");
  });

  it("names the chart and the ref when a $ref is broken, and keeps serving", async () => {
    const res = await app.inject({
      url: "/api/my-lab/schemas/main/charts/brokenref/versions/1.0.0",
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().title).toBe("Invalid chart schema");
    expect(res.json().detail).toMatch(
      /chart "brokenref" 1\.0\.0 in catalog "main".*nowhere\/missing\.json/,
    );
    expect((await app.inject({ url: "/api/public/ip" })).statusCode).toBe(200);
  });

  it("answers 404 naming an unknown version", async () => {
    const res = await app.inject({ url: "/api/my-lab/schemas/main/charts/demo/versions/9.9.9" });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('Version "9.9.9" of chart "demo" not found in catalog "main"');
  });
});

describe("ONYXIA-REGION and ONYXIA-PROJECT headers", () => {
  it("answers 400 for an unknown region, naming the known ones", async () => {
    const res = await app.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-region": "mars" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe(
      'Unknown region "mars" in the ONYXIA-REGION header; known regions: "r1", "r2"',
    );
  });

  it("falls back to the first region when configured like Onyxia", async () => {
    const lenient = await startedApp(
      configWith({ regions: [{ id: "r1" }], catalogs: [], server: { "unknown-region": "first" } }),
    );
    const res = await lenient.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-region": "mars" },
    });
    expect(res.statusCode).toBe(200);
    await lenient.close();
  });

  it("answers 403 for a project the user is not a member of, and matches ids case-insensitively", async () => {
    const denied = await app.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-project": "projet-other" },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/not a member of project "projet-other"/);
    const single = await app.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-project": "SINGLE-PROJECT" },
    });
    expect(single.statusCode).toBe(200);
    const group = await adminApp.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-region": "r2", "onyxia-project": "projet-admins" },
    });
    expect(group.statusCode).toBe(200);
    const notInR1 = await adminApp.inject({
      url: "/api/my-lab/catalogs",
      headers: { "onyxia-project": "projet-admins" },
    });
    expect(notInR1.statusCode).toBe(403);
  });

  it("answers 401 when the resolver finds no user", async () => {
    const anonymous = await startedApp(configWith({ catalogs: [] }), {
      users: { resolve: async () => null },
    });
    const res = await anonymous.inject({ url: "/api/my-lab/catalogs" });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect((await anonymous.inject({ url: "/api/public/catalogs" })).statusCode).toBe(200);
    await anonymous.close();
  });
});
