// Secrets written by the pinned Helm 3.18 on the local stack (captured once, see fixtures/):
// `helm install vscode-lite-424242 … --set security.password=fixture-pw` then
// `helm upgrade --reuse-values --set global.suspend=true` (Onyxia's suspend).
import { readFileSync } from "node:fs";
import {
  buildService,
  decodeHelmReleaseSecret,
  digestRelease,
  latestReleaseSecrets,
  type KubeSecret,
} from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { gunzip } from "./fixtures.ts";

const load = (revision: number) =>
  JSON.parse(
    readFileSync(
      new URL(`./fixtures/helm-3.18-vscode-lite-v${revision}.json`, import.meta.url),
      "utf8",
    ),
  ) as KubeSecret;
const v1 = load(1);
const v2 = load(2);

describe("real Helm 3.18 release secrets", () => {
  it("decode to the release Helm stored", () => {
    const release = decodeHelmReleaseSecret(v1, gunzip);
    expect(release.name).toBe("vscode-lite-424242");
    expect(release.version).toBe(1);
    expect(release.chart.metadata).toMatchObject({ name: "vscode-lite", version: "1.0.0" });
    expect(release.config).toMatchObject({
      security: { password: "fixture-pw" },
      persistence: { enabled: false },
    });
    expect(release.info.notes).toContain("fixture-pw");
    expect(release.manifest).toContain("kind: StatefulSet");
  });

  it("pick the upgrade as the latest revision, superseding the install", () => {
    expect(v1.metadata?.labels?.status).toBe("superseded");
    expect(latestReleaseSecrets([v1, v2]).get("vscode-lite-424242")).toBe(v2);
  });

  it("give a suspended, suspendable Service without pods, urls from the ingress and helm's timestamps", () => {
    const digest = digestRelease(decodeHelmReleaseSecret(v2, gunzip));
    const service = buildService({
      digest,
      meta: undefined,
      pods: [],
      workload: () => ({ spec: { replicas: 0 }, status: {} }),
    });
    expect(service).toMatchObject({
      revision: "2",
      status: "deployed",
      suspendable: true,
      suspended: true,
      state: "suspended",
    });
    // The chart drops its Ingress while suspended.
    expect(service.urls).toEqual([]);
    expect(digestRelease(decodeHelmReleaseSecret(v1, gunzip)).urls).toEqual([
      "https://vscode-lite-424242.example.org",
    ]);
    expect(service.env["global.suspend"]).toBe("true");
    expect(service.updated).toMatch(/^2026-11-26 \d{2}:\d{2}:\d{2}\.\d+ \+0000 UTC$/);
    expect(service.controllers).toEqual([
      {
        healthy: true,
        name: "vscode-lite-424242",
        kind: "StatefulSet",
        details: { desired: 0, ready: 0 },
      },
    ]);
  });
});
