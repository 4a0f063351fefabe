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
import { parseAllDocuments } from "yaml";

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

describe("manifestObjects reads every manifest as the `yaml` library does", () => {
  // The reference: each document alone through `yaml` (YAML 1.2 core schema), bad ones skipped.
  const reference = (text: string) =>
    parseAllDocuments(text)
      .filter((d) => d.errors.length === 0)
      .map((d): unknown => d.toJS())
      .filter(
        (v) =>
          typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string",
      );
  const scalars = [
    ...["1_000", "0b101", "+12", "-0", "007", "0o12", "0o19", "0x1F", "-0x1", "+0x1", "-0o7"],
    ...[".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1e3", "1E-3", "+.5", "5.", "-.5e+2", "1e"],
    ...["1:20", "yes", "on", "y", "2001-12-14", "~", "", "null", "Null", "NULL", "nULL"],
    ...["True", "TRUE", "tRue", "false", "10m", "16Mi", '"10m"', "'1'", "0777", "0.", "00"],
    ...["[1, 0x10, .5]", "{a: 1, b: ~}", "!!str 12", "!!float 1", "&a 1", "*a", "<<", "a # c"],
  ];

  /** The objects, or the error's message (an alias without its anchor throws in both). */
  const outcome = (read: () => unknown) => {
    try {
      return read();
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each(scalars)("a value written %j", (scalar) => {
    const text = `apiVersion: v1\nkind: Pod\nspec:\n  v: ${scalar}\n  w: [${scalar}]\n`;
    expect(outcome(() => manifestObjects(text))).toEqual(outcome(() => reference(text)));
  });

  it("skips only the bad document of a manifest, keeps the others", () => {
    const text = [
      "kind: Pod\nmetadata: {name: a}",
      "kind: Pod\nkind: Service", // a repeated key
      "kind: Pod\nmetadata: {name: c\n", // unterminated
      "kind: Deployment\nspec: {replicas: 2}",
    ].join("\n---\n");
    const objects = manifestObjects(text);
    expect(objects).toEqual(reference(text));
    expect(objects.map((o) => o.kind)).toEqual(["Pod", "Deployment"]);
  });

  it("reads anchors, aliases, tags and directives through `yaml` (its alias bound)", () => {
    const aliases = "kind: Pod\nspec: &s {containers: []}\nother: *s\n";
    expect(manifestObjects(aliases)).toEqual(reference(aliases));
    const tagged = "%YAML 1.2\n---\nkind: !!str Pod\nspec: {v: !!float 1}\n";
    expect(manifestObjects(tagged)).toEqual(reference(tagged));
    const bomb = `kind: Pod\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 12 },
      (_, i) =>
        `b${i}: &b${i} [${Array(10)
          .fill(i === 0 ? "*a" : `*b${i - 1}`)
          .join(", ")}]`,
    ).join("\n")}\n`;
    expect(() => manifestObjects(bomb)).toThrow(/alias/i);
  });
});
