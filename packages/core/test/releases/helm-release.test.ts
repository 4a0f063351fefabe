import {
  decodeHelmReleaseSecret,
  HelmReleaseDecodeError,
  helmSecretRef,
  latestReleaseSecrets,
} from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { gunzip, helmSecret, release } from "./fixtures.ts";

describe("decodeHelmReleaseSecret", () => {
  it("reads the release through both base64 layers and gzip", () => {
    const decoded = decodeHelmReleaseSecret(helmSecret(release()), gunzip);
    expect(decoded.name).toBe("vscode-lite-123456");
    expect(decoded.namespace).toBe("user-alice");
    expect(decoded.version).toBe(1);
    expect(decoded.info.status).toBe("deployed");
    expect(decoded.info.notes).toContain("Password: s3cret");
    expect(decoded.chart.metadata).toEqual({
      name: "vscode-lite",
      version: "1.0.0",
      appVersion: "4.96.4",
    });
    expect(decoded.config).toEqual({
      global: { suspend: false },
      security: { password: "s3cret" },
      extensions: ["a", "b"],
    });
    expect(decoded.manifest).toContain("kind: Ingress");
    // The chart's templates are dropped: a decoded release stays small in the cache.
    expect(decoded.chart).not.toHaveProperty("templates");
  });

  it("accepts a payload Helm stored without gzip", () => {
    expect(decodeHelmReleaseSecret(helmSecret(release(), { gzip: false }), gunzip).name).toBe(
      "vscode-lite-123456",
    );
  });

  it("takes the namespace from the secret when the release JSON has none", () => {
    const secret = helmSecret({ ...release(), namespace: "" });
    secret.metadata = { ...secret.metadata, namespace: "projet-x" };
    expect(decodeHelmReleaseSecret(secret, gunzip).namespace).toBe("projet-x");
  });

  it.each([
    ["no data.release", { metadata: { name: "s" }, data: {} }, /has no data.release/],
    [
      "not JSON",
      { metadata: { name: "s" }, data: { release: btoa(btoa("not json")) } },
      /not JSON/,
    ],
    [
      "not a release",
      { metadata: { name: "s" }, data: { release: btoa(btoa('{"a":1}')) } },
      /missing name/,
    ],
    [
      "bad gzip",
      { metadata: { name: "s" }, data: { release: btoa(btoa("\x1f\x8bxxxx")) } },
      /gunzip failed/,
    ],
  ])("names what is wrong: %s", (_label, secret, message) => {
    expect(() => decodeHelmReleaseSecret(secret, gunzip)).toThrow(HelmReleaseDecodeError);
    expect(() => decodeHelmReleaseSecret(secret, gunzip)).toThrow(message);
  });
});

describe("latestReleaseSecrets", () => {
  it("keeps the highest revision of each release (numeric, not text order)", () => {
    const a2 = helmSecret(release({ version: 2 }), { status: "superseded" });
    const a10 = helmSecret(release({ version: 10 }));
    const b1 = helmSecret(release({ name: "other-1" }));
    const latest = latestReleaseSecrets([a2, a10, b1]);
    expect([...latest.keys()].sort()).toEqual(["other-1", "vscode-lite-123456"]);
    expect(latest.get("vscode-lite-123456")).toBe(a10);
  });

  it("drops a release whose latest revision is uninstalled (kept history) and ignores other secrets", () => {
    const gone = helmSecret(release(), { status: "uninstalled" });
    const unrelated = { type: "Opaque", metadata: { name: "sh.helm.release.v1.x.v1" } };
    expect(latestReleaseSecrets([gone, unrelated]).size).toBe(0);
  });

  it("falls back to the secret name when labels are missing", () => {
    expect(helmSecretRef({ metadata: { name: "sh.helm.release.v1.my.app.v3" } })).toEqual({
      release: "my.app",
      revision: 3,
      status: undefined,
    });
    expect(helmSecretRef({ metadata: { name: "something-else" } })).toBeUndefined();
  });
});
