// metrics-server: the Kubernetes metrics API (`metrics.k8s.io/v1beta1`, what `kubectl top` and the
// idle-suspend controller read), scraping KWOK's simulated resource metrics (kwok-usage.ts) and
// registered in kube-apiserver's aggregation layer. Built with the control plane (build.ts).
//
// Routing: the APIService names the Service kube-system/metrics-server of type ExternalName
// `localhost`, so the aggregator dials localhost:<port> (its default, ClusterIP-or-ExternalName
// routing); it checks metrics-server's certificate (serving CA, name
// metrics-server.kube-system.svc) and presents its front-proxy client certificate with the caller
// in X-Remote-* headers. metrics-server authenticates that with the front-proxy CA the apiserver
// publishes (extension-apiserver-authentication), and asks the apiserver whether the caller may
// (SubjectAccessReview): the caller's RBAC decides, as with a real metrics-server.
import fs from "node:fs";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { spawnDetached } from "../../lib/processes.ts";
import { pollUntil } from "../../lib/time.ts";
import { answers200, apiRequest, applyObject, type Manifest } from "./api.ts";
import { buildControlPlaneOnce } from "./build.ts";
import { paths } from "./credentials.ts";
import { resourceMetricsPath } from "./kwok-usage.ts";
import { FAKE_NODES } from "./nodes.ts";
import { SYSTEM_USERS } from "./users.ts";
import { binaries } from "./versions.ts";

export const METRICS_API = "/apis/metrics.k8s.io/v1beta1";
/** metrics-server's minimum: a pod's figure reflects its usage over the last 10 s. */
export const METRIC_RESOLUTION_S = 10;

const APISERVICE = "/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io";
const user = SYSTEM_USERS.metricsServer.name;
/** A collection's path and an object to apply there. */
type Applied = [string, Manifest];
const RBAC = "/apis/rbac.authorization.k8s.io/v1";

// What metrics-server's own manifests grant it: read nodes and pods, scrape the nodes' metrics,
// delegate authentication and authorization to the apiserver.
const rbac: Applied[] = [
  [
    `${RBAC}/clusterroles`,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "onyxia-ts-stack:metrics-server" },
      rules: [
        { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] },
      ],
    },
  ],
  ...(
    [
      ["onyxia-ts-stack:metrics-server", "onyxia-ts-stack:metrics-server"],
      ["onyxia-ts-stack:metrics-server:auth-delegator", "system:auth-delegator"],
    ] as const
  ).map(
    ([name, role]) =>
      [
        `${RBAC}/clusterrolebindings`,
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
        },
      ] satisfies Applied,
  ),
  [
    `${RBAC}/namespaces/kube-system/rolebindings`,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "onyxia-ts-stack:metrics-server:auth-reader", namespace: "kube-system" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "extension-apiserver-authentication-reader",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
    },
  ],
];

function registration(ctx: StackContext): Applied[] {
  const caBundle = fs.readFileSync(paths(ctx).servingCa.cert).toString("base64");
  return [
    [
      "/api/v1/namespaces/kube-system/services",
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "metrics-server", namespace: "kube-system" },
        spec: { type: "ExternalName", externalName: "localhost" },
      },
    ],
    [
      "/apis/apiregistration.k8s.io/v1/apiservices",
      {
        apiVersion: "apiregistration.k8s.io/v1",
        kind: "APIService",
        metadata: { name: "v1beta1.metrics.k8s.io" },
        spec: {
          group: "metrics.k8s.io",
          version: "v1beta1",
          groupPriorityMinimum: 100,
          versionPriority: 100,
          caBundle,
          service: { namespace: "kube-system", name: "metrics-server", port: PORTS.metricsServer },
        },
      },
    ],
  ];
}

// An earlier stack served PodMetrics from a CustomResourceDefinition of the same group: while it
// exists, the apiserver keeps its own (local) APIService v1beta1.metrics.k8s.io in place of ours.
const LEGACY_CRD = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/pods.metrics.k8s.io";
async function removeLegacyCrd(ctx: StackContext): Promise<void> {
  const deleted = await apiRequest(ctx, "DELETE", LEGACY_CRD);
  if (deleted.status === 404) return;
  ctx.log("metrics-server: removing the PodMetrics CustomResourceDefinition of an older stack");
  const gone = await pollUntil(
    async () => (await apiRequest(ctx, "GET", LEGACY_CRD)).status === 404,
    60_000,
    500,
  );
  if (!gone) throw new Error("the CustomResourceDefinition pods.metrics.k8s.io was not deleted");
}

/**
 * kube-apiserver and KWOK started by an older stack (still running) lack the aggregation flags and
 * the usage configuration: say so instead of waiting minutes for an API that cannot come.
 */
async function assertStartedForMetrics(ctx: StackContext): Promise<void> {
  const restart = "stop the stack (`npm run stack:down`) and start it again (`npm run stack:up`)";
  const authentication = await apiRequest(
    ctx,
    "GET",
    "/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication",
  );
  const data = (JSON.parse(authentication.body) as { data?: Record<string, string> }).data;
  if (authentication.status !== 200 || !data?.["requestheader-client-ca-file"])
    throw new Error(
      `kube-apiserver runs without the aggregation layer (--requestheader-client-ca-file): ${restart}`,
    );
  const node = FAKE_NODES[0]!.name;
  if (!(await answers200(ctx, resourceMetricsPath(node), PORTS.kwok, "http")))
    throw new Error(
      `KWOK does not serve ${resourceMetricsPath(node)} (no usage configuration): ${restart}`,
    );
}

export const metricsServer: StackComponent = {
  name: "metrics-server",
  // It scrapes KWOK's nodes and is reached through the apiserver.
  dependsOn: ["kube-apiserver", "kwok"],
  build: buildControlPlaneOnce,
  async start(ctx) {
    await assertStartedForMetrics(ctx);
    const p = paths(ctx);
    for (const [collection, object] of rbac) await applyObject(ctx, collection, object);
    spawnDetached(ctx, {
      name: "metrics-server",
      command: binaries(ctx).metricsServer,
      args: [
        `--bind-address=${HOST}`,
        `--secure-port=${PORTS.metricsServer}`,
        `--tls-cert-file=${p.metricsServerServing.cert}`,
        `--tls-private-key-file=${p.metricsServerServing.key}`,
        `--kubeconfig=${p.componentKubeconfig("metrics-server")}`,
        `--authentication-kubeconfig=${p.componentKubeconfig("metrics-server")}`,
        `--authorization-kubeconfig=${p.componentKubeconfig("metrics-server")}`,
        // The fake nodes' "kubelet" is KWOK: its port, its address (InternalIP 127.0.0.1), its
        // certificate; the path comes from each node's metrics.k8s.io/resource-metrics-path.
        `--kubelet-port=${PORTS.kwok}`,
        "--kubelet-preferred-address-types=InternalIP",
        `--kubelet-certificate-authority=${p.servingCa.cert}`,
        `--metric-resolution=${METRIC_RESOLUTION_S}s`,
        // Must stay below 90 % of the resolution.
        "--kubelet-request-timeout=5s",
      ],
    });
    await removeLegacyCrd(ctx);
    for (const [collection, object] of registration(ctx))
      await applyObject(ctx, collection, object);
    ctx.log("metrics-server: APIService v1beta1.metrics.k8s.io registered, waiting for the API");
  },
  healthy: async (ctx) => {
    // Ours, not the older stack's CRD (a "Local" APIService answering the same URL)…
    const registered = await apiRequest(ctx, "GET", APISERVICE);
    if (registered.status !== 200) return false;
    const spec = (JSON.parse(registered.body) as { spec?: { service?: { name?: string } } }).spec;
    if (spec?.service?.name !== "metrics-server") return false;
    // …answering through the apiserver, as its clients see it (503 until the aggregator reaches it).
    return answers200(ctx, `${METRICS_API}/pods`);
  },
  env: () => ({}),
};
