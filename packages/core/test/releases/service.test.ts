import {
  buildService,
  decodeHelmReleaseSecret,
  decodeOnyxiaSecret,
  digestRelease,
  isVisibleTo,
  onyxiaNotes,
  onyxiaSecretRelease,
  sortServices,
  type KubeEvent,
  type KubePod,
  type KubeWorkload,
  type Service,
} from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { gunzip, helmSecret, onyxiaSecret, pod, release } from "./fixtures.ts";

const readyStatefulSet: KubeWorkload = {
  kind: "StatefulSet",
  spec: { replicas: 1 },
  status: { readyReplicas: 1 },
};

function service(
  options: {
    json?: Record<string, unknown>;
    pods?: KubePod[];
    workload?: KubeWorkload | undefined;
    owner?: string | null;
    events?: KubeEvent[];
  } = {},
): Service {
  const decoded = decodeHelmReleaseSecret(helmSecret(options.json ?? release()), gunzip);
  const meta =
    options.owner === null
      ? undefined
      : decodeOnyxiaSecret(
          onyxiaSecret(decoded.name, {
            catalog: "ide",
            owner: options.owner ?? "alice",
            friendlyName: "My IDE",
            share: "false",
          }),
        );
  return buildService({
    digest: digestRelease(decoded),
    meta,
    pods: options.pods ?? [pod("vscode-lite-123456-0")],
    workload: () => ("workload" in options ? options.workload : readyStatefulSet),
    warningEvents: options.events ?? [],
    monitoringPattern: "https://grafana.example/d/x?ns=$NAMESPACE&release=$INSTANCE",
  });
}

describe("buildService", () => {
  it("fills Onyxia's Service fields from the release, the Onyxia secret and the pods", () => {
    const s = service();
    expect(s).toMatchObject({
      id: "vscode-lite-123456",
      name: "vscode-lite-123456",
      instances: 1,
      status: "deployed",
      urls: ["https://user-alice-123456-0.localhost"],
      subtitle: "vscode-lite-1.0.0",
      chart: "vscode-lite-1.0.0",
      appVersion: "4.96.4",
      namespace: "user-alice",
      revision: "1",
      updated: "2026-11-26 10:00:00.123456789 +0000 UTC",
      startedAt: Date.parse("2026-11-26T10:00:00.123Z"),
      catalogId: "ide",
      owner: "alice",
      friendlyName: "My IDE",
      share: false,
      suspendable: true,
      suspended: false,
      orphan: false,
      state: "running",
      stateReason: null,
      monitoring: { url: "https://grafana.example/d/x?ns=user-alice&release=vscode-lite-123456" },
    });
    // onyxia-api's text: the NOTES section of `helm get all` (trimmed notes between newlines).
    expect(s.postInstallInstructions).toBe(
      "\nYour VS Code IDE is available at:\n\n  https://user-alice-123456-0.localhost\n\nPassword: s3cret\n",
    );
    expect(s.env).toEqual({
      "global.suspend": "false",
      "security.password": "s3cret",
      "extensions[0]": "a",
      "extensions[1]": "b",
    });
    expect(s.tasks).toEqual([
      {
        id: "vscode-lite-123456-0",
        status: { status: "Running", reason: null },
        containers: [{ name: "main", ready: true }],
      },
    ]);
    expect(s.controllers).toEqual([
      {
        healthy: true,
        name: "vscode-lite-123456",
        kind: "StatefulSet",
        details: { desired: 1, ready: 1 },
      },
    ]);
  });

  it("is starting while the first pod's containers are not ready, with no reason for a normal start", () => {
    const s = service({
      pods: [pod("p-0", { ready: false, waiting: "ContainerCreating" })],
      workload: { spec: { replicas: 1 }, status: {} },
    });
    expect(s.state).toBe("starting");
    expect(s.problems).toEqual([]);
    expect(s.controllers[0]?.healthy).toBe(false);
  });

  it("is failed with the Helm description when Helm says failed", () => {
    const json = release();
    (json.info as Record<string, unknown>).status = "failed";
    (json.info as Record<string, unknown>).description =
      'Release "x" failed: context deadline exceeded';
    const s = service({ json });
    expect(s.state).toBe("failed");
    expect(s.stateReason).toContain("context deadline exceeded");
  });

  it("says a pending helm operation may have been interrupted, and how to get out of it", () => {
    const json = release();
    (json.info as Record<string, unknown>).status = "pending-install";
    (json.info as Record<string, unknown>).description = "Initial install underway";
    const s = service({ json, pods: [] });
    expect(s.state).toBe("starting");
    expect(s.stateReason).toMatch(
      /^Helm pending-install \(Initial install underway\) since 2026-11-26 .*interrupted: delete the service and launch it again$/,
    );
    expect(s.problems).toContainEqual(
      expect.objectContaining({ source: "helm", reason: "pending-install", blocking: false }),
    );
    // A settled release carries no such problem.
    expect(service().problems.filter((p) => p.source === "helm")).toEqual([]);
  });

  it("is failed, not starting forever, when a pod cannot pull its image", () => {
    const s = service({ pods: [pod("p-0", { ready: false, waiting: "ImagePullBackOff" })] });
    expect(s.state).toBe("failed");
    expect(s.stateReason).toBe("pod/p-0/main: ImagePullBackOff (ImagePullBackOff message)");
    expect(s.tasks[0]?.status.reason).toBe("ImagePullBackOff");
  });

  it("stays starting but says why when a pod is unschedulable", () => {
    const s = service({
      pods: [pod("p-0", { unschedulable: "0/2 nodes are available: 2 Insufficient cpu." })],
    });
    expect(s.state).toBe("starting");
    expect(s.stateReason).toBe(
      "pod/p-0: Unschedulable (0/2 nodes are available: 2 Insufficient cpu.)",
    );
  });

  it("reports a controller that cannot create pods (quota exceeded) from its Warning events", () => {
    const events: KubeEvent[] = [
      {
        type: "Warning",
        reason: "FailedCreate",
        message: "exceeded quota: onyxia-quota",
        involvedObject: { kind: "StatefulSet", name: "vscode-lite-123456" },
      },
      {
        type: "Warning",
        reason: "FailedCreate",
        message: "not ours",
        involvedObject: { kind: "StatefulSet", name: "another" },
      },
      {
        type: "Normal",
        reason: "SuccessfulCreate",
        involvedObject: { kind: "StatefulSet", name: "vscode-lite-123456" },
      },
    ];
    const s = service({ pods: [], workload: { spec: { replicas: 1 }, status: {} }, events });
    expect(s.state).toBe("failed");
    expect(s.problems).toEqual([
      {
        source: "StatefulSet/vscode-lite-123456",
        reason: "FailedCreate",
        message: "exceeded quota: onyxia-quota",
        blocking: true,
      },
    ]);
  });

  describe("pods refused by the namespace quota (issue 11)", () => {
    const deploymentRelease = release({
      manifest:
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: vscode-lite-123456}\nspec: {replicas: 1}\n",
    });
    const refusal =
      'pods "vscode-lite-123456-7c9f-x2k" is forbidden: exceeded quota: onyxia-quota, requested: requests.memory=2Gi, used: requests.memory=7Gi, limited: requests.memory=8Gi';
    const refusedDeployment: KubeWorkload = {
      kind: "Deployment",
      spec: { replicas: 1 },
      status: {
        conditions: [
          { type: "Available", status: "False", reason: "MinimumReplicasUnavailable" },
          { type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: refusal },
        ],
      },
    };

    it("is failed with a quota reason from the Deployment's ReplicaFailure, events or not", () => {
      const s = service({ json: deploymentRelease, pods: [], workload: refusedDeployment });
      expect(s.state).toBe("failed");
      expect(s.stateReason).toBe(
        `Quota exceeded: the namespace's ResourceQuota refuses the pods of Deployment/vscode-lite-123456 (${refusal})`,
      );
      expect(s.problems).toEqual([
        {
          source: "Deployment/vscode-lite-123456",
          reason: "FailedCreate",
          message: refusal,
          blocking: true,
        },
      ]);
    });

    it("names the quota once when the ReplicaSet's events say it too", () => {
      const events: KubeEvent[] = [
        {
          type: "Warning",
          reason: "FailedCreate",
          message: `Error creating: ${refusal}`,
          involvedObject: { kind: "ReplicaSet", name: "vscode-lite-123456-7c9f" },
        },
      ];
      const s = service({ json: deploymentRelease, pods: [], workload: refusedDeployment, events });
      expect(s.problems).toHaveLength(2);
      expect(s.stateReason?.match(/Quota exceeded/g)).toHaveLength(1);
      expect(s.stateReason?.startsWith("Quota exceeded: ")).toBe(true);
      expect(s.stateReason).not.toContain("ReplicaSet/");
    });

    it("says nothing of a past refusal once the Deployment is ready", () => {
      const recovered: KubeWorkload = {
        ...refusedDeployment,
        status: { ...refusedDeployment.status, readyReplicas: 1 },
      };
      const s = service({ json: deploymentRelease, workload: recovered });
      expect(s.problems).toEqual([]);
      expect(s.state).toBe("running");
    });
  });

  it("ignores old Warning events of a controller that is healthy now", () => {
    const events: KubeEvent[] = [
      {
        type: "Warning",
        reason: "FailedCreate",
        message: "old",
        involvedObject: { kind: "StatefulSet", name: "vscode-lite-123456" },
      },
    ];
    expect(service({ events }).problems).toEqual([]);
  });

  it("is suspended without pods and suspending while pods remain", () => {
    const json = release({ config: { global: { suspend: true } } });
    expect(service({ json, pods: [] }).state).toBe("suspended");
    expect(service({ json }).state).toBe("suspending");
    expect(service({ json, pods: [] }).suspended).toBe(true);
  });

  it("is not suspendable when neither the values nor the chart know global.suspend", () => {
    const json = release({ config: { a: 1 } });
    (json.chart as Record<string, unknown>).values = {};
    expect(service({ json }).suspendable).toBe(false);
  });

  it("marks a release without an Onyxia secret as an orphan with no owner", () => {
    const s = service({ owner: null });
    expect(s).toMatchObject({
      orphan: true,
      owner: null,
      catalogId: null,
      friendlyName: null,
      share: false,
    });
  });

  it("reports a controller missing from the cluster as unhealthy", () => {
    expect(service({ workload: undefined }).controllers[0]).toMatchObject({
      healthy: false,
      details: { desired: 1, ready: 0 },
    });
  });

  it("is running when the release has neither pods nor controllers", () => {
    expect(
      service({
        json: release({ manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n" }),
        pods: [],
      }).state,
    ).toBe("running");
  });
});

describe("visibility and order", () => {
  const own = { owner: "alice", share: false, orphan: false };
  const shared = { owner: "bob", share: true, orphan: false };
  const foreign = { owner: "bob", share: false, orphan: false };
  const orphan = { owner: null, share: false, orphan: true };

  it("shows own, shared and orphan releases in a shared namespace, and everything in a personal one", () => {
    const viewer = { idep: "alice", sharedNamespace: true };
    expect([own, shared, foreign, orphan].map((s) => isVisibleTo(s, viewer))).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(isVisibleTo(foreign, { idep: "alice", sharedNamespace: false })).toBe(true);
  });

  it("sorts by startedAt, newest first", () => {
    const list = [
      { id: "a", startedAt: 1 },
      { id: "b", startedAt: 3 },
      { id: "c", startedAt: 2 },
    ] as Service[];
    expect(sortServices(list).map((s) => s.id)).toEqual(["b", "c", "a"]);
  });

  it("recognizes Onyxia secrets by type and name", () => {
    expect(onyxiaSecretRelease(onyxiaSecret("r-1", {}))).toBe("r-1");
    expect(
      onyxiaSecretRelease({ type: "Opaque", metadata: { name: "sh.onyxia.release.v1.r-1" } }),
    ).toBeUndefined();
    expect(decodeOnyxiaSecret(onyxiaSecret("r", { share: "true" }))).toEqual({
      catalogId: null,
      owner: null,
      friendlyName: null,
      share: true,
    });
  });
});

describe("onyxiaNotes", () => {
  it("frames the trimmed notes with newlines, as Helm prints the NOTES section onyxia-api keeps", () => {
    expect(onyxiaNotes("  \nhello\n  world\n\n")).toBe("\nhello\n  world\n");
    expect(onyxiaNotes("x")).toBe("\nx\n");
    // Whitespace-only notes: Helm still prints the section, with nothing in it.
    expect(onyxiaNotes(" \n")).toBe("\n\n");
    expect(onyxiaNotes("")).toBe("");
  });
});
