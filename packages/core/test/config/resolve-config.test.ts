import { describe, expect, it } from "vitest";
import {
  ConfigError,
  parseConfigText,
  resolveConfig,
  toPublicRegion,
} from "../../src/config/index.ts";

const file = (data: unknown) => ({ file: { name: "config.yaml", data } });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConfig: defaults", () => {
  it("gives one single-namespace region and the default catalogs when nothing is configured", () => {
    const { config, warnings } = resolveConfig({
      defaultCatalogs: [{ id: "examples", location: "/tmp/examples" }],
    });
    expect(warnings).toEqual([]);
    expect(config.regions).toHaveLength(1);
    const region = config.regions[0]!;
    expect(region.id).toBe("default");
    expect(region.services.singleNamespace).toBe(true);
    expect(region.services.allowedURIPattern).toBe("^https://");
    expect(config.catalogs.map((c) => c.id)).toEqual(["examples"]);
    expect(config.catalogs[0]!.multipleServicesMode).toBe("latest");
    expect(config.server).toMatchObject({ port: 8080, host: "127.0.0.1", basePath: "/api" });
    expect(config.authentication.mode).toBe("none");
    expect(config.catalogsRefreshMs).toBe(300000);
  });

  it("applies Onyxia's region defaults to a minimal region", () => {
    const { config } = resolveConfig(file({ regions: [{ id: "r1" }] }));
    const s = config.regions[0]!.services;
    expect(s).toMatchObject({
      type: "KUBERNETES",
      singleNamespace: true,
      allowNamespaceCreation: true,
      userNamespace: true,
      namespacePrefix: "user-",
      groupNamespacePrefix: "projet-",
      authenticationMode: "serviceAccount",
      namespaceLabels: {},
      namespaceAnnotations: {},
      namespaceAnnotationsDynamic: { enabled: true, userAttributes: [] },
      quotas: { userEnabled: false, groupEnabled: false },
    });
    expect(s.expose).toBeUndefined();
  });

  it("fills nested defaults of objects that are present (expose)", () => {
    const { config } = resolveConfig(
      file({ regions: [{ id: "r", services: { expose: { domain: "x.org" } } }] }),
    );
    expect(config.regions[0]!.services.expose).toEqual({
      domain: "x.org",
      ingress: true,
      route: false,
      istio: { enabled: false, gateways: [] },
      annotations: {},
      useDefaultCertificate: true,
      certManager: { useCertManager: false },
    });
  });
});

describe("resolveConfig: property names", () => {
  it("accepts Onyxia's dotted names, nested names and camelCase aliases alike", () => {
    const dotted = resolveConfig(
      file({
        "catalogs.refresh.ms": 1000,
        "oidc.issuer-uri": "https://idp",
        "security.cors.allowed_origins": "https://a, https://b",
      }),
    ).config;
    const nested = resolveConfig(
      file({
        catalogsRefreshMs: 1000,
        oidc: { issuerUri: "https://idp" },
        security: { cors: { allowedOrigins: ["https://a", "https://b"] } },
      }),
    ).config;
    for (const c of [dotted, nested]) {
      expect(c.catalogsRefreshMs).toBe(1000);
      expect(c.oidc.issuerUri).toBe("https://idp");
      expect(c.cors.allowedOrigins).toEqual(["https://a", "https://b"]);
    }
  });

  it('accepts Onyxia\'s {"regions": [...]} wrapper and JSON strings', () => {
    const { config } = resolveConfig(file({ regions: '{"regions":[{"id":"a"},{"id":"b"}]}' }));
    expect(config.regions.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("lets environment variables override the file", () => {
    const { config } = resolveConfig({
      ...file({
        regions: [{ id: "from-file" }],
        server: { port: 9000 },
        authentication: { mode: "none" },
      }),
      env: {
        REGIONS: JSON.stringify([{ id: "from-env" }]),
        CATALOGS: '[{"id": "c1", "location": "https://example.org/charts",}]',
        PORT: "9100",
        HOST: "0.0.0.0",
        API_BASE_PATH: "/onyxia/api/",
        CATALOGS_REFRESH_MS: "0",
        OIDC_SKIP_TLS_VERIFY: "true",
        UNRELATED: "ignored",
        OIDC_SCOPE: "",
      },
    });
    expect(config.regions.map((r) => r.id)).toEqual(["from-env"]);
    expect(config.catalogs.map((c) => c.id)).toEqual(["c1"]);
    expect(config.server).toMatchObject({ port: 9100, host: "0.0.0.0", basePath: "/onyxia/api" });
    expect(config.catalogsRefreshMs).toBe(0);
    expect(config.oidc.skipTlsVerify).toBe(true);
    expect(config.oidc.scope).toBe("openid profile");
  });
});

describe("resolveConfig: errors and warnings", () => {
  it("names the key path and the wrong value", () => {
    const problems = problemsOf(() =>
      resolveConfig(file({ regions: [{ id: "r", services: { quotas: { userEnabled: "yes" } } }] })),
    );
    expect(problems).toEqual([
      'config.yaml: regions[0].services.quotas.userEnabled: expected boolean, got "yes"',
    ]);
  });

  it("collects every error, not just the first", () => {
    const problems = problemsOf(() =>
      resolveConfig(
        file({
          regions: [
            {
              services: {
                singleNamespace: 1,
                authenticationMode: "root",
                expose: { ingressPort: "80" },
              },
            },
          ],
          server: { port: "http" },
        }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "config.yaml: regions[0].id: is required",
        "config.yaml: regions[0].services.singleNamespace: expected boolean, got 1",
        expect.stringMatching(
          /regions\[0\]\.services\.authenticationMode: expected one of "serviceAccount"/,
        ),
        'config.yaml: regions[0].services.expose.ingressPort: expected integer, got "80"',
        'config.yaml: server.port: expected integer, got "http"',
      ]),
    );
  });

  it("refuses services.defaultConfiguration and says why", () => {
    const problems = problemsOf(() =>
      resolveConfig(
        file({
          regions: [{ id: "r", services: { defaultConfiguration: { ipprotection: true } } }],
        }),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /regions\[0\]\.services\.defaultConfiguration: .*Onyxia v9.*overwriteSchemaWith/,
    );
  });

  it("warns about unknown keys and drops them", () => {
    const { config, warnings } = resolveConfig(
      file({
        regions: [
          { id: "r", colour: "blue", services: { quotas: { user: { "requests.gpu": "1" } } } },
        ],
        foo: { bar: 1 },
      }),
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        "config.yaml: regions[0].colour: unknown key, ignored",
        'config.yaml: regions[0].services.quotas.user["requests.gpu"]: unknown key, ignored',
        "config.yaml: foo.bar: unknown key, ignored",
      ]),
    );
    expect(config.regions[0]).not.toHaveProperty("colour");
  });

  it("warns about a region without a domain to expose its services (missing or empty)", () => {
    const { warnings } = resolveConfig(
      file({
        regions: [
          { id: "none" },
          { id: "empty", services: { expose: { domain: " " } } },
          { id: "set", services: { expose: { domain: "lab.example.org" } } },
        ],
      }),
    );
    expect(warnings.filter((w) => w.includes("expose.domain"))).toEqual(
      [0, 1].map(
        (i) =>
          `config.yaml: regions[${i}].services.expose.domain: not set: this region's services have no domain to be exposed under (an ingress host would be "<name>."), so launches that expose one are refused`,
      ),
    );
  });

  it("never echoes a secret in a message", () => {
    const problems = problemsOf(() =>
      resolveConfig(
        file({ regions: [{ id: "r", services: { server: { auth: { token: 123456789 } } } }] }),
      ),
    );
    expect(problems).toEqual([
      "config.yaml: regions[0].services.server.auth.token: expected string, got a number",
    ]);
  });

  it("rejects a catalog id that is unsafe as a Helm repository alias", () => {
    const problems = problemsOf(() =>
      resolveConfig(file({ catalogs: [{ id: "a b;rm", location: "x" }] })),
    );
    expect(problems[0]).toMatch(/^config\.yaml: catalogs\[0\]\.id: expected an id of letters/);
  });

  it("rejects duplicate ids, an invalid regex and a missing OIDC issuer", () => {
    const problems = problemsOf(() =>
      resolveConfig({
        ...file({ regions: [{ id: "a", includedGroupPattern: "(" }, { id: "a" }] }),
        env: { AUTHENTICATION_MODE: "openidconnect" },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/regions\[0\]\.includedGroupPattern: invalid regular expression/),
        'config.yaml: regions[1].id: duplicate id "a"',
        expect.stringMatching(
          /^oidc\.issuer-uri: is required when authentication\.mode is openidconnect/,
        ),
        expect.stringMatching(/^oidc\.clientID: is required/),
      ]),
    );
  });

  it("names the environment variable whose JSON is invalid", () => {
    const problems = problemsOf(() => resolveConfig({ env: { REGIONS: "[{" } }));
    expect(problems[0]).toMatch(/^env REGIONS:1:\d+: invalid YAML\/JSON/);
  });
});

describe("parseConfigText", () => {
  it("names the file, line and column of a syntax error", () => {
    const text = "regions:\n  - id: a\n    name: [unclosed\n";
    expect(() => parseConfigText(text, "/etc/onyxia.yaml")).toThrow(
      /\/etc\/onyxia\.yaml:\d+:\d+: invalid YAML\/JSON/,
    );
    const problems = problemsOf(() => parseConfigText("a: 1\na: 2\n", "dup.yaml"));
    expect(problems[0]).toMatch(/^dup\.yaml:2:1: /);
  });
});

describe("toPublicRegion", () => {
  it("removes the cluster credentials", () => {
    const { config } = resolveConfig(
      file({
        regions: [
          { id: "r", services: { server: { URL: "https://k8s", auth: { token: "s3cret" } } } },
        ],
      }),
    );
    const pub = toPublicRegion(config.regions[0]!);
    expect(JSON.stringify(pub)).not.toContain("s3cret");
    expect(pub.services).not.toHaveProperty("server");
    expect(config.regions[0]!.services.server?.auth?.token).toBe("s3cret");
  });
});
