import { describe, expect, it } from "vitest";
import {
  MASKED_TOKEN,
  k8sEndpoint,
  kubectlSnippet,
  shellWord,
  tokenExpiry,
  vaultEndpoint,
} from "../src/pages/account/cliSnippets.ts";
import { publicRegion } from "../src/core/testing/contractFixtures.ts";

// A JWT whose payload is {"exp": 1767225600} (2026-01-01T00:00:00Z); the signature is not read.
const payload = Buffer.from(JSON.stringify({ exp: 1767225600, sub: "alice" })).toString(
  "base64url",
);
const token = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2lnbmF0dXJl`;

describe("which CLI tabs a region offers", () => {
  it("shows Kubernetes only with services.k8sPublicEndpoint.URL", () => {
    expect(
      k8sEndpoint(
        publicRegion({ id: "r", services: { k8sPublicEndpoint: { URL: "https://k8s.lab:6443" } } }),
      ),
    ).toEqual({ url: "https://k8s.lab:6443" });
    expect(k8sEndpoint(publicRegion({ id: "r", services: {} }))).toBeUndefined();
    expect(
      k8sEndpoint(publicRegion({ id: "r", services: { k8sPublicEndpoint: { URL: "" } } })),
    ).toBeUndefined();
    expect(k8sEndpoint(undefined)).toBeUndefined();
  });
  it("shows Vault only with vault.URL, authPath defaulting to jwt", () => {
    expect(
      vaultEndpoint(
        publicRegion({
          id: "r",
          vault: { URL: "https://vault.lab/", role: "onyxia-user", authPath: "" },
        }),
      ),
    ).toEqual({
      url: "https://vault.lab",
      role: "onyxia-user",
      kvEngine: undefined,
      authPath: "jwt",
    });
    expect(vaultEndpoint(publicRegion({ id: "r" }))).toBeUndefined();
  });
});

describe("kubectl snippet", () => {
  const input = {
    endpoint: { url: "https://k8s.lab:6443" },
    username: "alice",
    namespace: "user-alice",
    accessToken: token,
  };
  it("masks the token by default and shows it on demand", () => {
    const masked = kubectlSnippet({ ...input, reveal: false });
    expect(masked).not.toContain(token);
    expect(masked).toContain(`--token=${MASKED_TOKEN}`);
    expect(kubectlSnippet({ ...input, reveal: true })).toContain(`--token=${token}`);
  });
  it("points a context named after the host at the project's namespace", () => {
    expect(kubectlSnippet({ ...input, reveal: true }).split("\n")).toEqual([
      "kubectl config set-cluster k8s.lab --server=https://k8s.lab:6443",
      `kubectl config set-credentials alice --token=${token}`,
      "kubectl config set-context k8s.lab --user=alice --cluster=k8s.lab --namespace=user-alice",
      "kubectl config use-context k8s.lab",
    ]);
  });
  it("quotes values a shell would split or expand", () => {
    expect(shellWord("plain-name_1")).toBe("plain-name_1");
    expect(shellWord("John Doe")).toBe("'John Doe'");
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe("token expiry", () => {
  it("reads the JWT exp claim", () => {
    expect(tokenExpiry(token)).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });
  it("is unknown for an opaque or malformed token", () => {
    expect(tokenExpiry("opaque")).toBeUndefined();
    expect(tokenExpiry("a.!!!.c")).toBeUndefined();
  });
});
