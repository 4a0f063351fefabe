import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "@onyxia-ts/core";
import { exampleCatalog, loadConfig } from "../../src/config/index.ts";
import { tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
afterAll(() => fixture.cleanup());

function write(name: string, text: string): string {
  const file = path.join(fixture.dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const GOOD_YAML = `
regions:
  - id: lab
    name: Lab
    services:
      singleNamespace: false
      quotas: { userEnabled: true, user: { requests.memory: 10Gi, count/pods: 50 } }
      expose: { domain: lab.example.org }
catalogs:
  - id: local
    location: ./repo
    highlightedCharts: [demo]
catalogs.refresh.ms: 60000
authentication:
  mode: none
security:
  cors:
    allowed_origins: https://a.example,https://b.example
external.schema.directory: schemas/admin
server:
  port: 9090
`;

describe("loadConfig", () => {
  it("reads a YAML file from ONYXIA_CONFIG, resolving relative paths against its folder", () => {
    const file = write("conf/onyxia.yaml", GOOD_YAML);
    const { config, warnings, configFile } = loadConfig({ env: { ONYXIA_CONFIG: file } });
    expect(configFile).toBe(file);
    expect(warnings).toEqual([]);
    expect(config.regions[0]!.services.quotas.user).toEqual({
      "requests.memory": "10Gi",
      "count/pods": 50,
    });
    expect(config.catalogs[0]).toMatchObject({
      id: "local",
      location: path.join(fixture.dir, "conf", "repo"),
      highlightedCharts: ["demo"],
    });
    expect(config.catalogsRefreshMs).toBe(60000);
    expect(config.cors.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.schemas.externalDirectory).toBe(
      path.join(fixture.dir, "conf", "schemas", "admin"),
    );
    expect(config.server.port).toBe(9090);
  });

  it("reads a JSON file the same way", () => {
    const file = write(
      "onyxia.json",
      JSON.stringify({ regions: [{ id: "json-region" }], catalogs: [] }),
    );
    expect(loadConfig({ env: { ONYXIA_CONFIG: file } }).config.regions[0]!.id).toBe("json-region");
  });

  it("lets REGIONS, CATALOGS and PORT override the file", () => {
    const file = write("conf/onyxia.yaml", GOOD_YAML);
    const { config } = loadConfig({
      env: {
        ONYXIA_CONFIG: file,
        REGIONS: '{"regions":[{"id":"env-region"}]}',
        CATALOGS: '[{"id":"remote","location":"https://charts.example.org"}]',
        PORT: "7070",
      },
    });
    expect(config.regions.map((r) => r.id)).toEqual(["env-region"]);
    expect(config.catalogs.map((c) => [c.id, c.location])).toEqual([
      ["remote", "https://charts.example.org"],
    ]);
    expect(config.server.port).toBe(7070);
  });

  it("defaults to one region and the example catalog", () => {
    const { config, configFile } = loadConfig({ env: {} });
    expect(configFile).toBeUndefined();
    expect(config.regions.map((r) => r.id)).toEqual(["default"]);
    expect(config.catalogs.map((c) => c.id)).toEqual([exampleCatalog().id]);
    expect(config.catalogs[0]!.location).toBe(exampleCatalog().location);
  });

  it("names the file and line of invalid YAML", () => {
    const file = write(
      "broken.yaml",
      "regions:\n  - id: a\n    services: {singleNamespace: true\n",
    );
    const problems = problemsOf(() => loadConfig({ env: { ONYXIA_CONFIG: file } }));
    expect(problems[0]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: invalid YAML/JSON`),
    );
  });

  it("names a missing file", () => {
    const missing = path.join(fixture.dir, "nope.yaml");
    expect(problemsOf(() => loadConfig({ env: { ONYXIA_CONFIG: missing } }))).toEqual([
      `ONYXIA_CONFIG=${missing}: file not found`,
    ]);
  });

  it("names the key of a wrong type, warns about unknown keys, and refuses defaultConfiguration", () => {
    const wrongType = write(
      "wrong.yaml",
      "regions:\n  - id: a\n    services:\n      quotas:\n        userEnabled: yes-please\n",
    );
    expect(problemsOf(() => loadConfig({ env: { ONYXIA_CONFIG: wrongType } }))).toEqual([
      `${wrongType}: regions[0].services.quotas.userEnabled: expected boolean, got "yes-please"`,
    ]);
    const unknown = write("unknown.yaml", "regions:\n  - id: a\nfeature:\n  flag: true\n");
    expect(loadConfig({ env: { ONYXIA_CONFIG: unknown } }).warnings).toEqual([
      `${unknown}: feature.flag: unknown key, ignored`,
      `${unknown}: regions[0].services.expose.domain: not set: this region's services have no domain to be exposed under (an ingress host would be "<name>."), so launches that expose one are refused`,
    ]);
    const legacy = write(
      "legacy.yaml",
      "regions:\n  - id: a\n    services:\n      defaultConfiguration:\n        ipprotection: true\n",
    );
    expect(problemsOf(() => loadConfig({ env: { ONYXIA_CONFIG: legacy } }))[0]).toMatch(
      /regions\[0\]\.services\.defaultConfiguration: is no longer supported \(removed in Onyxia v9/,
    );
  });
});
