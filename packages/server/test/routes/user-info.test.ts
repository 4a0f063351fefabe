import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { User } from "../../src/user/index.ts";
import { configWith, startedApp } from "../app/fixtures.ts";

const regions = [
  { id: "single", vault: { prefix: "u_" } },
  {
    id: "multi",
    includedGroupPattern: "(.*)_Onyxia",
    transformGroupPattern: "$1-k8s",
    services: { singleNamespace: false, namespacePrefix: "user-", groupNamespacePrefix: "projet-" },
    vault: { prefix: "u_", groupPrefix: "g_" },
  },
];

const bob: User = {
  idep: "bob",
  email: "bob@example.org",
  nomComplet: "Bob Martin",
  ip: "10.0.0.9",
  groups: ["data_Onyxia", "Not A Valid Namespace", "ops"],
  roles: ["user"],
  attributes: { sub: "123", access_token: "RAW-ACCESS-TOKEN" },
};

let noAuth: FastifyInstance;
let asBob: FastifyInstance;
beforeAll(async () => {
  const config = configWith({ regions, catalogs: [] });
  noAuth = await startedApp(config, { ownNamespace: "onyxia" });
  asBob = await startedApp(config, { ownNamespace: "onyxia", users: { resolve: async () => bob } });
});
afterAll(async () => {
  await noAuth.close();
  await asBob.close();
});

describe("GET /api/user/info", () => {
  it("in mode none, is Onyxia's default user with the single project in the server's namespace", async () => {
    const res = await noAuth.inject({ url: "/api/user/info", remoteAddress: "192.0.2.1" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      idep: "default",
      email: "toto@tld.fr",
      nomComplet: "John doe",
      ip: "192.0.2.1",
      groups: [],
      roles: [],
      admin: false,
      projects: [
        {
          id: "single-project",
          name: "Single namespace, single project",
          namespace: "onyxia",
          vaultTopDir: "u_default",
        },
      ],
    });
  });

  it("in a multi-namespace region, lists the personal project then one per valid group", async () => {
    const res = await asBob.inject({
      url: "/api/user/info",
      headers: { "onyxia-region": "multi" },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.projects).toEqual([
      { id: "user-bob", name: "bob personal project", namespace: "user-bob", vaultTopDir: "u_bob" },
      {
        id: "projet-data-k8s",
        group: "data_Onyxia",
        name: "data_Onyxia group project",
        namespace: "projet-data-k8s",
        vaultTopDir: "g_projet-data-k8s",
      },
      {
        id: "projet-ops",
        group: "ops",
        name: "ops group project",
        namespace: "projet-ops",
        vaultTopDir: "g_projet-ops",
      },
    ]);
    expect(res.body).not.toContain("RAW-ACCESS-TOKEN");
    expect(body).not.toHaveProperty("attributes");
  });

  it("uses the first region without a header, and rejects an unknown one", async () => {
    const res = await asBob.inject({ url: "/api/user/info" });
    expect(res.json().projects.map((p: { id: string }) => p.id)).toEqual(["single-project"]);
    expect(
      (await asBob.inject({ url: "/api/user/info", headers: { "onyxia-region": "nope" } }))
        .statusCode,
    ).toBe(400);
  });
});
