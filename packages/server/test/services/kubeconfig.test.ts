// The server's own kubeconfig reader (client-node's KubeConfig is loaded only for exec plugins
// and auth providers): contexts, merge order, TLS material and credentials.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inClusterKubeconfig, loadKubeconfigFiles } from "../../src/kubernetes/index.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function files(...documents: unknown[]): string[] {
  dir = mkdtempSync(path.join(tmpdir(), "kc-"));
  return documents.map((document, i) => {
    const file = path.join(dir as string, `config-${i}`);
    writeFileSync(file, JSON.stringify(document));
    return file;
  });
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("loadKubeconfigFiles", () => {
  it("follows the current context, the first file winning on names, and reads a token file anew", async () => {
    const [first, second] = files(
      {
        clusters: [
          {
            name: "c",
            cluster: { server: "https://a:6443", "certificate-authority-data": b64("CA-A") },
          },
        ],
        users: [{ name: "u", user: { tokenFile: "token" } }],
        contexts: [{ name: "x", context: { cluster: "c", user: "u", namespace: "team" } }],
        "current-context": "x",
      },
      {
        clusters: [{ name: "c", cluster: { server: "https://ignored:6443" } }],
        "current-context": "other",
      },
    );
    writeFileSync(path.join(dir as string, "token"), "tok-1\n");
    const kc = loadKubeconfigFiles([first as string, second as string]);
    expect(kc.getCurrentCluster()?.server).toBe("https://a:6443");
    expect(kc.currentNamespace()).toBe("team");
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    expect(options.ca).toBe("CA-A");
    expect(options.headers).toEqual({ Authorization: "Bearer tok-1" });
    writeFileSync(path.join(dir as string, "token"), "tok-2\n"); // rotated on disk
    const again: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(again);
    expect(again.headers).toEqual({ Authorization: "Bearer tok-2" });
  });

  it("applies client certificates, basic auth and insecure-skip-tls-verify", async () => {
    const [file] = files({
      clusters: [
        { name: "c", cluster: { server: "https://b:6443", "insecure-skip-tls-verify": true } },
      ],
      users: [
        {
          name: "u",
          user: {
            "client-certificate-data": b64("CERT"),
            "client-key-data": b64("KEY"),
            username: "admin",
            password: "pw",
          },
        },
      ],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
      "current-context": "x",
    });
    const options: https.RequestOptions = {};
    await loadKubeconfigFiles([file as string]).applyToHTTPSOptions(options);
    expect(String(options.cert)).toBe("CERT");
    expect(String(options.key)).toBe("KEY");
    expect(options.rejectUnauthorized).toBe(false);
    expect(options.headers).toEqual({ Authorization: `Basic ${b64("admin:pw")}` });
  });

  it("exports a kubeconfig helm can read back", () => {
    const [file] = files({
      clusters: [{ name: "c", cluster: { server: "https://c:6443" } }],
      users: [{ name: "u", user: { token: "t" } }],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
      "current-context": "x",
    });
    const exported = loadKubeconfigFiles([file as string]).exportConfig();
    const [again] = files(JSON.parse(exported));
    const kc = loadKubeconfigFiles([again as string]);
    expect(kc.getCurrentCluster()?.server).toBe("https://c:6443");
    expect(kc.getCurrentUser()?.token).toBe("t");
  });
});

describe("inClusterKubeconfig", () => {
  it("targets the service host (IPv6 in brackets) with the service account's files", () => {
    const kc = inClusterKubeconfig("fd00::1", "443");
    expect(kc.getCurrentCluster()?.server).toBe("https://[fd00::1]:443");
    expect(kc.getCurrentCluster()?.caFile).toBe(
      "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    );
    expect(kc.getCurrentUser()?.tokenFile).toBe(
      "/var/run/secrets/kubernetes.io/serviceaccount/token",
    );
  });
});
