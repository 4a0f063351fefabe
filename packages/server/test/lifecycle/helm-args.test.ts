// Argument building refuses anything the naming rules did not accept, and never lets a user
// value pass for an option or reach a --set.
import { describe, expect, it } from "vitest";
import {
  chartArgs,
  helmArgs,
  HelmArgumentError,
  identityArgs,
  identityEnv,
  redactText,
  HELM_MESSAGE_MAX,
  helmMessageOf,
  secretValuesOf,
  VALUES_PLACEHOLDER,
} from "../../src/helm/index.ts";

const source = {
  kind: "archive" as const,
  path: "/repo/vscode-lite-1.0.0.tgz",
  chart: "vscode-lite",
  version: "1.0.0",
};
const t = { release: "vscode-lite-123456", namespace: "user-alice", identity: {} };

describe("helm arguments", () => {
  it("builds an install with the values file placeholder and bounded history", () => {
    expect(helmArgs.install(t, source, "10m")).toEqual([
      "install",
      "vscode-lite-123456",
      "/repo/vscode-lite-1.0.0.tgz",
      "--namespace=user-alice",
      "--values",
      VALUES_PLACEHOLDER,
      "--output=json",
      "--timeout=10m",
    ]);
  });

  it.each([
    ["release with shell metacharacters", { ...t, release: "x; rm -rf /" }],
    ["release starting with a dash", { ...t, release: "--set=a" }],
    ["release too long", { ...t, release: "a".repeat(54) }],
    ["namespace with a slash", { ...t, namespace: "a/b" }],
    ["namespace option", { ...t, namespace: "--all-namespaces" }],
  ])("refuses a %s before spawning anything", (_what, target) => {
    expect(() => helmArgs.install(target, source)).toThrow(HelmArgumentError);
    expect(() => helmArgs.uninstall(target)).toThrow(HelmArgumentError);
  });

  it.each([
    ["version", { ...source, version: "1.0.0 --set x=y" }],
    ["chart", { ...source, chart: "../etc" }],
    ["archive path", { ...source, path: "--post-renderer=/bin/sh" }],
  ])("refuses an invalid %s", (_what, s) => {
    expect(() => chartArgs(s)).toThrow(HelmArgumentError);
  });

  it("refuses a timeout that is not a duration, and bad revisions", () => {
    expect(() => helmArgs.install(t, source, "10m --debug")).toThrow(/invalid helm timeout/);
    expect(() => helmArgs.rollback(t, 0)).toThrow(/invalid revision/);
    expect(() => helmArgs.rollback(t, 1.5)).toThrow(/invalid revision/);
  });

  it("suspends with a constant --set only", () => {
    const args = helmArgs.setSuspend(t, source, true);
    expect(args).toContain("--reuse-values");
    expect(args.filter((a) => a === "--set")).toHaveLength(1);
    expect(args[args.indexOf("--set") + 1]).toBe("global.suspend=true");
  });

  it("passes repository settings as --flag=value and keeps tokens out of argv", () => {
    const repo = {
      kind: "repo" as const,
      url: "https://charts.example.org/",
      chart: "jupyter",
      version: "2.1.0",
      username: "u",
      password: "-p4ss",
      caFile: "/certs/ca.pem",
      insecureSkipTlsVerify: true,
    };
    expect(chartArgs(repo)).toEqual([
      "jupyter",
      "--repo=https://charts.example.org/",
      "--version=2.1.0",
      "--username=u",
      "--password=-p4ss",
      "--ca-file=/certs/ca.pem",
      "--insecure-skip-tls-verify",
    ]);
    expect(() => chartArgs({ ...repo, url: "file:///etc" })).toThrow(/not http/);
    const identity = {
      asUser: "oidc-alice",
      asGroups: ["oidc-team-a"],
      token: "secret-token-123",
      kubeconfig: "/k/config",
    };
    expect(identityArgs(identity)).toEqual([
      "--kubeconfig=/k/config",
      "--kube-as-user=oidc-alice",
      "--kube-as-group=oidc-team-a",
    ]);
    expect(identityArgs(identity).join(" ")).not.toContain("secret-token");
    expect(identityEnv(identity)).toEqual({ HELM_KUBETOKEN: "secret-token-123" });
  });
});

describe("helm messages", () => {
  it("keeps the error lines and redacts secrets and URL credentials", () => {
    const stderr =
      "WARNING: Kubernetes configuration file is group-readable. This is insecure.\nError: INSTALLATION FAILED: token s3cr3t-t0ken refused at https://bob:pw@repo.example.org/x\n";
    const message = redactText(helmMessageOf(stderr), ["s3cr3t-t0ken"]);
    expect(message).toBe(
      "INSTALLATION FAILED: token *** refused at https://***:***@repo.example.org/x",
    );
  });

  it("keeps helm's multi-error detail lines after the first Error line, joined", () => {
    const stderr = [
      "WARNING: Kubernetes configuration file is world-readable. This is insecure.",
      "Error: INSTALLATION FAILED: 1 error occurred:",
      '\t* Ingress.networking.k8s.io "vscode-lite-1" is invalid: spec.rules[0].host: Invalid value: "user-alice-12.": a lowercase RFC 1123 subdomain',
      "",
    ].join("\n");
    expect(helmMessageOf(stderr)).toBe(
      'INSTALLATION FAILED: 1 error occurred: * Ingress.networking.k8s.io "vscode-lite-1" is invalid: spec.rules[0].host: Invalid value: "***": a lowercase RFC 1123 subdomain',
    );
  });

  it("keeps every line when helm wrote no Error line, and caps the length", () => {
    expect(helmMessageOf("first\nsecond\n")).toBe("first second");
    const long = helmMessageOf(`Error: ${"x".repeat(HELM_MESSAGE_MAX * 2)}`);
    expect(long).toHaveLength(HELM_MESSAGE_MAX);
    expect(long.endsWith("…")).toBe(true);
  });

  it("never shows a value Kubernetes echoes, quoted or not", () => {
    const message = helmMessageOf(
      'Error: Secret "s" is invalid: data[KEY]: Invalid value: "abc\\"def", spec.x: Invalid value: 12345: too big',
    );
    expect(message).not.toMatch(/abc|def|12345/);
    expect(message).toContain('data[KEY]: Invalid value: "***"');
  });

  it("collects the values under secret-looking keys, at any depth, for redaction", () => {
    const values = {
      s3: { accessKeyId: "AKIA123", secretAccessKey: "s3cr3t-value", sessionToken: "tok-abc" },
      vault: { token: "hvs.x1" },
      env: [{ name: "PASSWORD", value: "not-under-a-key" }],
      db: { password: { nested: "deep-pass" }, port: 5432, user: "alice" },
    };
    const found = secretValuesOf(values);
    expect(found).toEqual(
      expect.arrayContaining(["AKIA123", "s3cr3t-value", "tok-abc", "hvs.x1", "deep-pass"]),
    );
    expect(found).not.toContain("alice");
    expect(redactText("detail s3cr3t-value and tok-abc", found)).toBe("detail *** and ***");
  });
});
