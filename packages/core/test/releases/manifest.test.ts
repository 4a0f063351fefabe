import {
  exposedHosts,
  flattenValues,
  invalidExposedHosts,
  helmTimeText,
  manifestControllers,
  manifestObjects,
  manifestUrls,
  quotaUsage,
  servicesCommands,
} from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";

const manifest = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  rules:
    - host: a.example.org
      http: {paths: [{path: /}, {path: /api}]}
    - host: b.example.org
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r}
spec: {host: route.example.org}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: v}
spec: {hosts: ["http://istio.example.org", "*"]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: pg}
---
this: is: not: yaml
`;

describe("manifest", () => {
  const objects = manifestObjects(manifest);

  it("reads Ingress host+path, Route host, VirtualService hosts, adding https:// when missing", () => {
    expect(manifestUrls(objects)).toEqual([
      "https://a.example.org",
      "https://a.example.org/api",
      "https://b.example.org",
      "https://route.example.org",
      "http://istio.example.org",
    ]);
  });

  it("reads only the exposure kinds the region enables", () => {
    const expose = { ingress: false, route: true, istio: { enabled: false, gateways: [] } };
    expect(manifestUrls(objects, expose)).toEqual(["https://route.example.org"]);
  });

  it("lists the controllers whose readiness is reported, skipping unparsable documents", () => {
    expect(manifestControllers(objects)).toEqual([
      { kind: "Deployment", name: "d" },
      { kind: "DaemonSet", name: "ds" },
      { kind: "Cluster", name: "pg" },
    ]);
    expect(manifestObjects("")).toEqual([]);
  });

  it("finds the exposed hosts Kubernetes would refuse, such as one under an empty domain", () => {
    expect(exposedHosts(objects)).toEqual([
      "a.example.org",
      "b.example.org",
      "route.example.org",
      "http://istio.example.org",
    ]);
    const noDomain = manifestObjects(`---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  tls: [{hosts: ["user-x-1234.", "*.ok.example.org"]}]
  rules: [{host: "user-x-1234."}, {host: ""}, {host: "Upper.example.org"}, {http: {}}]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r}
spec: {host: "fine-1.example.org"}
`);
    expect(invalidExposedHosts(noDomain)).toEqual(["user-x-1234.", "Upper.example.org"]);
    expect(invalidExposedHosts(objects)).toEqual(["http://istio.example.org"]);
    expect(
      invalidExposedHosts(
        manifestObjects(`kind: Ingress\nspec: {rules: [{host: ${"a".repeat(64)}.org}]}`),
      ),
    ).toHaveLength(1);
  });
});

describe("values, times, quotas, commands", () => {
  it("flattens nested values to dotted keys with text values", () => {
    expect(flattenValues({ a: { b: 1, c: [true, { d: null }] }, e: {}, f: [] })).toEqual({
      "a.b": "1",
      "a.c[0]": "true",
      "a.c[1].d": "null",
      e: "{}",
      f: "[]",
    });
  });

  it("prints times the way helm does", () => {
    expect(helmTimeText("2026-11-26T11:00:00.5+01:00")).toBe("2026-11-26 10:00:00.5 +0000 UTC");
    expect(helmTimeText("2026-11-26T10:00:00Z")).toBe("2026-11-26 10:00:00 +0000 UTC");
    expect(helmTimeText("yesterday")).toBeUndefined();
  });

  it("maps ResourceQuota hard/used to Onyxia's Quota keys, counts as integers", () => {
    const usage = quotaUsage({
      status: {
        hard: { "requests.memory": "10Gi", "count/pods": "50", secrets: "9" },
        used: { "requests.memory": "1Gi", pods: "3" },
      },
    });
    expect(usage).toEqual({
      spec: { "requests.memory": "10Gi", "count/pods": 50 },
      usage: { "requests.memory": "1Gi", "count/pods": 3 },
    });
    expect(quotaUsage({})).toEqual({ spec: {}, usage: {} });
  });

  it("writes the equivalent commands", () => {
    expect(servicesCommands.list("user-alice")).toBe("helm list --namespace user-alice");
    expect(servicesCommands.logs("p-0", "main", "ns", { tailLines: 10, follow: true })).toBe(
      "kubectl logs p-0 -c main --tail 10 --follow --namespace ns",
    );
  });
});
