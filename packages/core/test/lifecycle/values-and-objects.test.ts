import { describe, expect, it } from "vitest";
import { decodeOnyxiaSecret, type KubeSecret } from "../../src/releases/index.ts";
import {
  isEventSelected,
  isSuspendable,
  isSuspended,
  lifecycleCommands,
  namespaceObject,
  onyxiaSecretDataPatch,
  onyxiaSecretObject,
  quotaFor,
  resourceQuotaObject,
  roleBindingObject,
  valuesChanges,
} from "../../src/lifecycle/index.ts";

describe("valuesChanges", () => {
  it("lists added, removed and changed leaves with before/after", () => {
    const changes = valuesChanges(
      { a: 1, b: { c: "x", d: true } },
      { a: 2, b: { c: "x" }, e: [1] },
    );
    expect(changes).toEqual([
      { path: "a", kind: "changed", before: 1, after: 2 },
      { path: "b.d", kind: "removed", before: true },
      { path: "e.0", kind: "added", after: 1 },
    ]);
    expect(valuesChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe("suspend convention", () => {
  it("needs global.suspend in the user values", () => {
    expect(isSuspendable({ global: { suspend: false } })).toBe(true);
    expect(isSuspendable({ global: {} })).toBe(false);
    expect(isSuspendable({ suspend: true })).toBe(false);
    expect(isSuspended({ global: { suspend: true } })).toBe(true);
    expect(isSuspended({ global: { suspend: "true" } })).toBe(false);
  });
});

describe("onyxia secret", () => {
  it("round-trips through the read side's decoder, with non-ASCII names", () => {
    const object = onyxiaSecretObject({
      release: "vscode-lite-123456",
      namespace: "user-alice",
      catalogId: "examples",
      owner: "alice",
      friendlyName: "Mon éditeur ✓",
      share: true,
      helmSecret: { name: "sh.helm.release.v1.vscode-lite-123456.v1", uid: "u-1" },
    });
    expect(object.metadata.name).toBe("sh.onyxia.release.v1.vscode-lite-123456");
    expect(object.type).toBe("onyxia.sh/release.v1");
    expect(object.metadata.ownerReferences?.[0]?.uid).toBe("u-1");
    expect(decodeOnyxiaSecret(object as KubeSecret)).toEqual({
      catalogId: "examples",
      owner: "alice",
      friendlyName: "Mon éditeur ✓",
      share: true,
    });
    const patched = {
      ...object,
      data: { ...object.data, ...onyxiaSecretDataPatch({ share: false }).data },
    };
    expect(decodeOnyxiaSecret(patched as KubeSecret).share).toBe(false);
  });
});

describe("namespace objects", () => {
  const services = {
    namespaceLabels: { team: "lab" },
    namespaceAnnotations: { note: "x" },
    usernamePrefix: "oidc-",
    groupPrefix: "oidc-",
    quotas: {
      userEnabled: true,
      user: { "requests.cpu": "2", "count/pods": 10 },
      roles: { vip: { "requests.cpu": "20" } },
      groupEnabled: false,
    },
  };

  it("labels the namespace with its owner and binds the admin ClusterRole to the prefixed subject", () => {
    const spec = {
      namespace: "user-alice",
      owner: { kind: "user" as const, idep: "alice" },
      services,
      now: 42,
    };
    expect(namespaceObject(spec).metadata).toEqual({
      name: "user-alice",
      labels: { team: "lab", onyxia_owner: "alice" },
      annotations: { note: "x", onyxia_last_login_timestamp: "42" },
    });
    const binding = roleBindingObject(spec);
    expect(binding.metadata.name).toBe("full_control_namespace");
    expect(binding.roleRef.name).toBe("admin");
    expect(binding.subjects[0]).toMatchObject({ kind: "User", name: "oidc-alice" });
    const group = roleBindingObject({ ...spec, owner: { kind: "group", group: "team-a" } });
    expect(group.subjects[0]).toMatchObject({ kind: "Group", name: "oidc-team-a" });
  });

  it("picks the role quota first, none for groups when group quotas are off, and stringifies counts", () => {
    const spec = { namespace: "n", owner: { kind: "user" as const, idep: "a" }, services, now: 0 };
    expect(quotaFor({ ...spec, roles: ["vip"] })).toEqual({ "requests.cpu": "20" });
    expect(resourceQuotaObject(spec)?.spec.hard).toEqual({
      "requests.cpu": "2",
      "count/pods": "10",
    });
    expect(resourceQuotaObject({ ...spec, owner: { kind: "group", group: "g" } })).toBeUndefined();
  });
});

describe("commands and events", () => {
  it("renders the commands a user would type", () => {
    const source = {
      repoName: "examples",
      repoUrl: "https://charts.example.org",
      chart: "vscode-lite",
      version: "1.0.0",
    };
    expect(lifecycleCommands.repoAdd(source)).toBe(
      "helm repo add examples https://charts.example.org",
    );
    expect(lifecycleCommands.install("vscode-lite-1", source, "user-a")).toBe(
      "helm install vscode-lite-1 examples/vscode-lite --version 1.0.0 --namespace user-a -f values.yaml",
    );
    expect(lifecycleCommands.suspend("r", "examples/vscode-lite", "ns", true)).toBe(
      "helm upgrade r examples/vscode-lite --namespace ns --reuse-values --set global.suspend=true",
    );
    expect(lifecycleCommands.rollback("r", 2, "ns")).toBe("helm rollback r 2 --namespace ns");
  });

  it("filters event types with includes and excludes", () => {
    expect(isEventSelected("service.install", { includes: [], excludes: [] })).toBe(true);
    expect(
      isEventSelected("service.install", { includes: ["service.suspend"], excludes: [] }),
    ).toBe(false);
    expect(
      isEventSelected("service.install", { includes: [], excludes: ["service.install"] }),
    ).toBe(false);
  });
});
