// The admin view digests release Secrets more lightly than the namespace caches (no manifest
// YAML, no values kept): its listing must be the same as with the namespace caches' digest.
import { describe, expect, it } from "vitest";
import type { KubePod, KubeSecret } from "@onyxia-ts/core";
import { adminServices } from "../../src/features/admin/index.ts";
import { adminReleaseEntry } from "../../src/kubernetes/cluster-index.ts";
import type { ClusterIndex } from "../../src/kubernetes/index.ts";
import { helmDecodeStats, helmReleaseEntry } from "../../src/kubernetes/namespace-cache.ts";
import { helmSecret, onyxiaSecret, pod, release } from "../../../core/test/releases/fixtures.ts";

const NS = "user-alice";
const CONFIG_ONLY = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only-config\n";
const CNPG = "---\napiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: pg\n";

/** Release secrets of every shape the listing distinguishes, each with its pods. */
function releases(): { secret: KubeSecret; pods: KubePod[] }[] {
  const named = (name: string, overrides: Record<string, unknown> = {}) =>
    release({ name, namespace: NS, ...overrides });
  const podOf = (name: string, options: Parameters<typeof pod>[1] = {}) => {
    const p = pod(`${name}-0`, options);
    p.metadata = { ...p.metadata, namespace: NS, labels: { "app.kubernetes.io/instance": name } };
    return p;
  };
  const info = (status: string) => ({
    status,
    first_deployed: "2026-11-20T10:00:00Z",
    last_deployed: "2026-11-21T10:00:00Z",
    description: `${status} because`,
  });
  return [
    { secret: helmSecret(named("ready")), pods: [podOf("ready", { ready: true })] },
    { secret: helmSecret(named("no-pod-yet")), pods: [] },
    {
      secret: helmSecret(named("crashing")),
      pods: [podOf("crashing", { ready: false, waiting: "CrashLoopBackOff" })],
    },
    { secret: helmSecret(named("config-only", { manifest: CONFIG_ONLY })), pods: [] },
    { secret: helmSecret(named("database", { manifest: CNPG })), pods: [] },
    { secret: helmSecret(named("failed", { info: info("failed") })), pods: [] },
    { secret: helmSecret(named("pending", { info: info("pending-install") })), pods: [] },
    {
      secret: helmSecret(named("suspended", { config: { global: { suspend: true } } })),
      pods: [],
    },
    {
      secret: helmSecret(
        named("not-suspendable", {
          config: {},
          chart: { metadata: { name: "plain", version: "2.0.0" } },
        }),
        { gzip: false },
      ),
      pods: [podOf("not-suspendable", { ready: true })],
    },
    { secret: helmSecret(named("old"), { status: "superseded" }), pods: [] },
    {
      secret: { ...helmSecret(named("broken")), data: { release: "bm90IGJhc2U2NA==" } },
      pods: [],
    },
  ];
}

function index(transform: (secret: KubeSecret) => unknown): ClusterIndex {
  const helmSecrets = new Map<string, unknown>();
  const onyxiaSecrets = new Map<string, unknown>();
  const pods = new Map<string, KubePod>();
  for (const { secret, pods: podsOf } of releases()) {
    const name = secret.metadata?.labels?.name as string;
    helmSecrets.set(`${NS}/${secret.metadata?.name}`, transform(secret));
    onyxiaSecrets.set(
      `${NS}/sh.onyxia.release.v1.${name}`,
      onyxiaSecret(name, { owner: "alice", friendlyName: name }),
    );
    for (const p of podsOf) pods.set(`${NS}/${p.metadata?.name}`, p);
  }
  return {
    generation: 1,
    helmSecrets: { objects: helmSecrets },
    onyxiaSecrets: { objects: onyxiaSecrets },
    pods: { objects: pods },
  } as unknown as ClusterIndex;
}

const keep = () => true;
const byRelease = <T extends { release: string }>(services: T[]) =>
  [...services].sort((a, b) => a.release.localeCompare(b.release));

describe("adminReleaseEntry", () => {
  it("gives the admin listing the namespace caches' digest gives, for every kind of release", () => {
    const full = byRelease(
      adminServices(
        index((s) => helmReleaseEntry(s, undefined, undefined)),
        keep,
      ),
    );
    const light = byRelease(
      adminServices(
        index((s) => adminReleaseEntry(s, undefined)),
        keep,
      ),
    );
    expect(light).toEqual(full);
    // The cases cover what the light digest could get wrong: every state, controllers or none.
    expect(full.map((s) => `${s.release}:${s.state}`)).toEqual([
      "config-only:running",
      "crashing:failed",
      "database:starting",
      "failed:failed",
      "no-pod-yet:starting",
      "not-suspendable:running",
      "pending:starting",
      "ready:running",
      "suspended:suspended",
    ]);
    expect(full.find((s) => s.release === "not-suspendable")).toMatchObject({
      chart: "plain",
      chartVersion: "2.0.0",
      suspendable: false,
    });
  });

  it("keeps no values, notes or URLs, and names an unreadable release", () => {
    const log: string[] = [];
    const before = helmDecodeStats.decoded;
    const entries = releases().map(({ secret }) => adminReleaseEntry(secret, (m) => log.push(m)));
    const ready = entries[0]!;
    expect(ready.data).toBeUndefined();
    expect(ready.digest).toMatchObject({
      config: {},
      env: {},
      notes: "",
      urls: [],
      chartName: "vscode-lite",
    });
    expect(JSON.stringify(entries)).not.toContain("s3cret");
    // The superseded revision is not decoded; the broken one is named.
    expect(helmDecodeStats.decoded - before).toBe(entries.length - 1);
    const broken = entries.at(-1)!;
    expect(broken.digest).toBeNull();
    expect(broken.decodeError).toMatch(/Cannot decode Helm release secret/);
    expect(log).toEqual([expect.stringContaining("sh.helm.release.v1.broken.v1")]);
  });
});
