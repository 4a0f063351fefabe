import { describe, expect, it } from "vitest";
import {
  toCatalogWrapperJson,
  withCatalogDefaults,
  type CatalogContent,
} from "../../src/catalog/index.ts";

const content: CatalogContent = {
  apiVersion: "v1",
  generated: "2025-01-01T00:00:00Z",
  charts: new Map([
    [
      "pg",
      [
        {
          entry: {
            name: "pg",
            version: "2.0.0",
            urls: ["pg-2.0.0.tgz"],
            dependencies: [{ name: "lib", version: "1" }],
          },
          files: {
            valuesSchema: { type: "object" },
            valuesYaml: "a: 1\n",
          },
        },
        {
          entry: { name: "pg", version: "1.0.0", urls: ["pg-1.0.0.tgz"] },
          files: { valuesSchema: null, valuesYaml: null },
        },
      ],
    ],
  ]),
};

describe("toCatalogWrapperJson", () => {
  const config = withCatalogDefaults({
    id: "db",
    location: "https://bob:s3cret@charts.example.org/db",
    username: "bob",
    password: "s3cret",
    restrictions: [{ userAttribute: { key: "groups", matches: "x" } }],
  });
  const json = toCatalogWrapperJson(config, content, 1234);
  const text = JSON.stringify(json);

  it("serves latestPackages with the newest version, its extra fields and defaultValues", () => {
    expect(json.catalog.latestPackages["pg"]?.version).toBe("2.0.0");
    expect(json.catalog.latestPackages["pg"]?.defaultValues).toBe("a: 1\n");
    expect(json.catalog.latestPackages["pg"]?.dependencies).toEqual([
      { name: "lib", version: "1" },
    ]);
    expect(json.lastUpdateTime).toBe(1234);
    expect(json.catalog.apiVersion).toBe("v1");
  });

  it("never serves entries, credentials, restrictions or the schema", () => {
    expect(text).not.toContain("entries");
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("restrictions");
    expect(text).not.toContain("valuesSchema");
    expect(json.location).toBe("https://charts.example.org/db");
  });

  it("applies Onyxia's defaults", () => {
    expect(json).toMatchObject({
      name: "db",
      type: "helm",
      status: "PROD",
      multipleServicesMode: "latest",
      maxNumberOfVersions: 5,
      allowSharing: true,
      skipTlsVerify: false,
      visible: { user: true, project: true },
    });
  });
});
