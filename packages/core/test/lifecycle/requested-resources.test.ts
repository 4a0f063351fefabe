import { describe, expect, it } from "vitest";
import { manifestObjects } from "../../src/releases/index.ts";
import { podResources, requestedResources } from "../../src/lifecycle/index.ts";

const manifest = `
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ide }
spec:
  replicas: 2
  template:
    spec:
      initContainers:
        - name: init
          resources: { requests: { cpu: "2", memory: 64Mi } }
      containers:
        - name: main
          resources: { requests: { cpu: 500m, memory: 1Gi }, limits: { cpu: "1", memory: 2Gi } }
        - name: sidecar
          resources: { limits: { cpu: 100m, memory: 128Mi } }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { resources: { requests: { storage: 5Gi } } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: home }
spec: { resources: { requests: { storage: 10Gi } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: suspended }
spec:
  replicas: 0
  template: { spec: { containers: [ { name: c, resources: { requests: { cpu: "8" } } } ] } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec: { jobTemplate: { spec: { template: { spec: { containers: [ { name: c, resources: { requests: { cpu: "8" } } } ] } } } } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cm }
`;

describe("requestedResources", () => {
  it("sums pods, replicas, init containers, limits-as-requests and storage", () => {
    const r = requestedResources(manifestObjects(manifest));
    // per pod: cpu max(0.5 + 0.1, 2) = 2, memory max(1Gi + 128Mi, 64Mi); 2 replicas
    expect(r["requests.cpu"]).toBe(4);
    expect(r["requests.memory"]).toBe(2 * (2 ** 30 + 128 * 2 ** 20));
    expect(r["limits.cpu"]).toBeCloseTo(2.2, 9);
    expect(r["limits.memory"]).toBe(2 * (2 * 2 ** 30 + 128 * 2 ** 20));
    expect(r.pods).toBe(2);
    expect(r["requests.storage"]).toBe(10 * 2 ** 30 + 2 * 5 * 2 ** 30);
    expect(r.persistentvolumeclaims).toBe(3);
  });

  it("counts nothing for a manifest without workloads, and ignores invalid quantities", () => {
    expect(
      requestedResources(manifestObjects("kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\n"))
        .pods,
    ).toBe(0);
    expect(
      podResources({ containers: [{ resources: { requests: { cpu: "lots" } } }] })["requests.cpu"],
    ).toBe(0);
  });

  it("defaults replicas to 1 and counts GPUs", () => {
    const objects = manifestObjects(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          resources: {limits: {nvidia.com/gpu: 1}}\n",
    );
    const r = requestedResources(objects);
    expect(r.pods).toBe(1);
    expect(r["requests.nvidia.com/gpu"]).toBe(1);
  });
});
