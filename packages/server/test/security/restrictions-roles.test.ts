// Catalog restrictions hold on every route that reaches a catalog (Onyxia forgets chart versions
// and schemas), and role-specific schemas (overwriteSchemaWith) apply to the form and to the
// install-time validation alike.
import path from "node:path";
import { builtInSchemas, createSchemaRegistry, type JSONSchema } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCatalogAllowed } from "../../src/features/catalogs/index.ts";
import { assertValuesAllowed } from "../../src/features/chart-schema/index.ts";
import type { User } from "../../src/user/index.ts";
import { configWith, demoSchema, startedApp, tempDir, writeHelmRepo } from "../app/fixtures.ts";
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

/** Role `user` may ask for 2 CPUs at most; everyone else gets the built-in resources schema. */
const cappedResources: JSONSchema = {
  type: "object",
  properties: {
    limits: {
      type: "object",
      properties: {
        cpu: {
          type: "string",
          pattern: "^([1-9][0-9]{0,2}m|1[0-9]{3}m|2000m|[12])$",
          description: "At most 2 CPUs for role user",
        },
      },
    },
  },
};

beforeAll(async () => {
  key = await signingKey("k1");
  issuer = await startIssuer([key]);
  const main = await writeHelmRepo(path.join(fixture.dir, "main"), [
    { name: "demo", version: "1.0.0", schema: demoSchema },
  ]);
  const admin = await writeHelmRepo(path.join(fixture.dir, "admin"), [
    { name: "secret-tool", version: "1.0.0", schema: demoSchema },
  ]);
  app = await startedApp(
    configWith({
      catalogs: [
        { id: "main", location: main },
        {
          id: "admin",
          location: admin,
          restrictions: [{ userAttribute: { key: "groups", matches: "admins" } }],
        },
      ],
      authentication: { mode: "openidconnect" },
      oidc: { "issuer-uri": issuer.url, clientID: "onyxia", audience: "onyxia" },
      // A cluster that is configured but never reached: refusals and dry runs must not need it.
      regions: [{ id: "lab", services: { server: { URL: "https://127.0.0.1:1" } } }],
    }),
    {
      schemas: createSchemaRegistry({
        builtIn: builtInSchemas,
        roles: { user: { "ide/resources.json": cappedResources } },
      }),
    },
  );
});
afterAll(async () => {
  await app.close();
  await issuer.close();
  fixture.cleanup();
});

const alice = { preferred_username: "alice", groups: ["admins"], roles: ["admin"] };
const bob = { preferred_username: "bob", groups: ["devs"], roles: ["user"] };
const get = async (url: string, claims: Record<string, unknown>) =>
  app.inject({ url, headers: { authorization: `Bearer ${await signToken(issuer, key, claims)}` } });
const ids = (body: { catalogs: Array<{ id: string }> }) => body.catalogs.map((c) => c.id);

describe("a catalog restricted to group admins", () => {
  it("is invisible to bob and anonymous callers, listed for alice", async () => {
    expect(ids((await app.inject({ url: "/api/public/catalogs" })).json())).toEqual(["main"]);
    expect(ids((await get("/api/my-lab/catalogs", bob)).json())).toEqual(["main"]);
    expect(ids((await get("/api/my-lab/catalogs", alice)).json())).toEqual(["main", "admin"]);
  });

  it("hides its chart versions and schemas from bob (404, as if unknown) and serves them to alice", async () => {
    for (const url of [
      "/api/my-lab/catalogs/admin/charts/secret-tool",
      "/api/my-lab/schemas/admin/charts/secret-tool/versions/1.0.0",
    ]) {
      const refused = await get(url, bob);
      expect(refused.statusCode, url).toBe(404);
      expect(refused.json().detail).toBe('Unknown catalog "admin"');
      expect((await get(url, alice)).statusCode, url).toBe(200);
    }
  });

  it("is refused by assertCatalogAllowed (the write side's check) for bob and anonymous", () => {
    const user = (claims: Record<string, unknown>) => ({ attributes: claims }) as unknown as User;
    expect(() => assertCatalogAllowed(app.onyxia.catalogs, user(bob), "admin")).toThrow(
      /Unknown catalog "admin"/,
    );
    expect(() => assertCatalogAllowed(app.onyxia.catalogs, null, "admin")).toThrow(
      /Unknown catalog/,
    );
    expect(assertCatalogAllowed(app.onyxia.catalogs, user(alice), "admin").config.id).toBe("admin");
  });

  it("cannot be installed from by bob", async () => {
    const res = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      headers: {
        authorization: `Bearer ${await signToken(issuer, key, bob)}`,
        "content-type": "application/json",
      },
      payload: {
        catalogId: "admin",
        packageName: "secret-tool",
        packageVersion: "1.0.0",
        options: {},
        dryRun: true,
      },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe("role-specific overwriteSchemaWith", () => {
  const oversized = { resources: { limits: { cpu: "8000m" } } };

  it("resolves the resources node to the role schema for role user only", async () => {
    const forBob = (await get("/api/my-lab/schemas/main/charts/demo/versions/1.0.0", bob)).json();
    expect(forBob.properties.resources).toEqual(cappedResources);
    const forAlice = (
      await get("/api/my-lab/schemas/main/charts/demo/versions/1.0.0", alice)
    ).json();
    expect(forAlice.properties.resources).not.toEqual(cappedResources);
  });

  it("rejects an oversized CPU limit at install-time validation with a message naming the field", () => {
    const bobUser = { idep: "bob", roles: ["user"], attributes: bob } as unknown as User;
    const target = { catalogId: "main", chartName: "demo", version: "1.0.0" };
    let error: unknown;
    try {
      assertValuesAllowed(app.onyxia, bobUser, target, oversized);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: "invalid", title: "Validation failed" });
    expect((error as { errors: string[] }).errors.join("\n")).toMatch(
      /resources\.limits\.cpu|resources\/limits\/cpu/,
    );
    // Within the cap, and for a role without the cap, the same values pass.
    expect(() =>
      assertValuesAllowed(app.onyxia, bobUser, target, { resources: { limits: { cpu: "1500m" } } }),
    ).not.toThrow();
    const aliceUser = { idep: "alice", roles: ["admin"], attributes: alice } as unknown as User;
    expect(() => assertValuesAllowed(app.onyxia, aliceUser, target, oversized)).not.toThrow();
  });

  it("PUT /my-lab/app applies the same rule: 400 for bob, not for alice", async () => {
    const put = async (claims: Record<string, unknown>) =>
      app.inject({
        method: "PUT",
        url: "/api/my-lab/app",
        headers: {
          authorization: `Bearer ${await signToken(issuer, key, claims)}`,
          "content-type": "application/json",
        },
        payload: {
          catalogId: "main",
          packageName: "demo",
          packageVersion: "1.0.0",
          options: oversized,
          dryRun: true,
        },
      });
    const refused = await put(bob);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().title).toBe("Validation failed");
    expect(JSON.stringify(refused.json().errors)).toMatch(/cpu/);
    const allowed = await put(alice);
    expect(allowed.json().title).not.toBe("Validation failed");
  });
});
