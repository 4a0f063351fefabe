/// <reference types="node" />
import { describe, expect, it } from "vitest";
import {
  createXOnyxiaContext,
  generateOneTimePassword,
  generateRandomSubdomain,
} from "../../src/context/index.ts";
import { base64EncodeUtf8 } from "../../src/encoding/index.ts";
import { sampleContext, sampleContextInput, seededRandom } from "./sample-context.ts";

describe("createXOnyxiaContext", () => {
  it("fills the user and project parts", () => {
    const context = sampleContext();
    expect(context.user).toMatchObject({
      idep: "alice",
      name: "Martin Alice",
      email: "alice@example.org",
      password: "projectpass123",
      ip: "192.0.2.10",
      darkMode: true,
      lang: "fr",
      refreshToken: "refresh-token-of-alice",
    });
    expect(context.user.decodedIdToken.groups).toEqual(["sspcloud-admin", "team-a"]);
    expect(context.project).toEqual({
      id: "user-alice",
      password: "projectpass123",
      basic: "dXNlci1hbGljZTpwcm9qZWN0cGFzczEyMw==",
    });
  });

  it("falls back for missing personal infos", () => {
    const input = sampleContextInput();
    const context = createXOnyxiaContext({
      ...input,
      user: { idep: "bob", email: "bob@example.org", decodedIdToken: {}, accessToken: "t" },
      git: undefined,
      s3: undefined,
      vaultToken: undefined,
    });
    expect(context.user).toMatchObject({
      name: "bob",
      ip: "0.0.0.0",
      refreshToken: "",
      lang: "en",
      darkMode: false,
    });
    expect(context.git).toEqual({ name: "", email: "", credentials_cache_duration: 0, token: "" });
    expect(context.s3).toBeUndefined();
    expect(context.s3_array).toEqual([]);
    expect(context.vault?.VAULT_TOKEN).toBeUndefined();
  });

  it("builds the s3 part from the selected profile, host only, with the port", () => {
    const input = sampleContextInput();
    const context = createXOnyxiaContext({
      ...input,
      s3: {
        profiles: [
          { profileName: "local", url: "http://localhost:9000/", pathStyleAccess: true },
          ...(input.s3?.profiles ?? []),
        ],
      },
    });
    // The default profile is selected and sorted first even when listed second.
    expect(context.s3).toEqual({
      profileName: "minio",
      AWS_ACCESS_KEY_ID: "AKIAALICE",
      AWS_SECRET_ACCESS_KEY: "alice-secret",
      AWS_SESSION_TOKEN: "alice-session",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_S3_ENDPOINT: "minio.example.org",
      port: 443,
      pathStyleAccess: true,
      isAnonymous: false,
    });
    expect(context.s3_array.map((p) => p.profileName)).toEqual(["minio", "local"]);
    expect(context.s3_array[1]).toMatchObject({
      AWS_S3_ENDPOINT: "localhost",
      port: 9000,
      isAnonymous: true,
      AWS_DEFAULT_REGION: "us-east-1",
    });
  });

  it("selects a named S3 profile and rejects an unknown one by name", () => {
    const input = sampleContextInput();
    const profiles = [
      ...(input.s3?.profiles ?? []),
      { profileName: "other", url: "https://s3.other.org:8443", pathStyleAccess: false },
    ];
    expect(
      createXOnyxiaContext({ ...input, s3: { profiles, selectedProfileName: "other" } }).s3?.port,
    ).toBe(8443);
    expect(() =>
      createXOnyxiaContext({ ...input, s3: { profiles, selectedProfileName: "nope" } }),
    ).toThrow(/"nope".*"minio", "other"/);
  });

  it("rejects an S3 endpoint that is not an http(s) URL, naming the profile", () => {
    const input = sampleContextInput();
    const profiles = [{ profileName: "bad", url: "minio.example.org", pathStyleAccess: true }];
    expect(() => createXOnyxiaContext({ ...input, s3: { profiles } })).toThrow(/S3 profile "bad"/);
  });

  it("maps the region, k8s, vault and injection parts", () => {
    const input = sampleContextInput();
    const context = createXOnyxiaContext({
      ...input,
      region: {
        ...input.region,
        proxyInjection: { enabled: true, httpProxyUrl: "http://proxy:3128", noProxy: ".svc" },
        packageRepositoryInjection: { pypiProxyUrl: "https://pypi.proxy" },
        certificateAuthorityInjection: { cacerts: "LS0t", pathToCaBundle: "/etc/ssl/ca.pem" },
      },
    });
    expect(context.region.defaultNetworkPolicy).toBe(true);
    expect(context.region.resources?.cpuRequest).toBe("200m");
    expect(context.region.customValues).toEqual({});
    expect(context.k8s).toMatchObject({
      domain: "lab.example.org",
      ingressClassName: "nginx",
      ingress: true,
      route: false,
      initScriptUrl: "https://example.org/init.sh",
    });
    expect(context.vault).toEqual({
      VAULT_ADDR: "https://vault.example.org",
      VAULT_TOKEN: "hvs.alice",
      VAULT_MOUNT: "onyxia-kv",
      VAULT_TOP_DIR: "alice",
    });
    expect(context.proxyInjection).toEqual({
      enabled: true,
      httpProxyUrl: "http://proxy:3128",
      httpsProxyUrl: undefined,
      noProxy: ".svc",
    });
    expect(context.packageRepositoryInjection?.pypiProxyUrl).toBe("https://pypi.proxy");
    expect(context.certificateAuthorityInjection).toEqual({
      cacerts: "LS0t",
      pathToCaBundle: "/etc/ssl/ca.pem",
    });
    const noVault = createXOnyxiaContext({ ...input, region: { services: {} } });
    expect(noVault.vault).toBeUndefined();
    expect(noVault.proxyInjection).toBeUndefined();
  });

  it("is deterministic for a given random source", () => {
    const a = sampleContext({ random: seededRandom(7) });
    const b = sampleContext({ random: seededRandom(7) });
    const c = sampleContext({ random: seededRandom(8) });
    expect(a.service.oneTimePassword).toBe(b.service.oneTimePassword);
    expect(a.k8s.randomSubdomain).toBe(b.k8s.randomSubdomain);
    expect(a.service.oneTimePassword).not.toBe(c.service.oneTimePassword);
  });
});

describe("random strings", () => {
  it("one-time passwords are 20 base36 characters", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) expect(generateOneTimePassword(random)).toMatch(/^[0-9a-z]{20}$/);
  });

  it("random subdomains are always 6 digits, even at the extremes of the source", () => {
    expect(generateRandomSubdomain(() => 0)).toBe("100000");
    expect(generateRandomSubdomain(() => 0.9999999999)).toBe("999999");
    const random = seededRandom(3);
    for (let i = 0; i < 200; i++) expect(generateRandomSubdomain(random)).toMatch(/^[1-9]\d{5}$/);
  });
});

describe("base64EncodeUtf8", () => {
  it("matches Node's encoder, including non-ASCII text", () => {
    for (const text of ["", "a", "ab", "abc", "user-alice:pw", "é€😀 mixed"]) {
      expect(base64EncodeUtf8(text)).toBe(Buffer.from(text, "utf8").toString("base64"));
    }
  });
});
