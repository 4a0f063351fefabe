// An in-memory HelmPort over a FakeKubernetes: installing writes Helm's revision secrets (the
// labels the features read), upgrades and rollbacks add revisions, uninstalling removes them
// and, like Kubernetes' garbage collector, the Onyxia secret they own. Rendering is a function
// of the values; any operation can be made to fail.
import { onyxiaSecretName } from "@onyxia-ts/core";
import { HelmError } from "../../src/helm/index.ts";
import type { ChartSource, ReleaseTarget } from "../../src/helm/index.ts";
import type { HelmPort, HelmRevision } from "../../src/platform/ports.ts";
import type { FakeKubernetes } from "./fake-kubernetes.ts";

interface Revision {
  revision: number;
  values: Record<string, unknown>;
  manifest: string;
  chart: string;
  version: string;
  status: string;
}

export type HelmOperation = keyof HelmPort;

/**
 * A Deployment asking for `resources.requests` of the values (default 100m / 128Mi), scaled to 0
 * when `global.suspend`, and an Ingress for `ingress.hostname` when `ingress.enabled`.
 */
export function renderDeployment(release: string, values: Record<string, unknown>): string {
  const resources = (values.resources ?? {}) as { requests?: { cpu?: string; memory?: string } };
  const ingress = (values.ingress ?? {}) as { enabled?: boolean; hostname?: string };
  const exposed = ingress.enabled
    ? [
        "---",
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        `  name: ${release}`,
        "spec:",
        "  rules:",
        `    - host: ${JSON.stringify(ingress.hostname ?? "")}`,
        "",
      ]
    : [];
  return [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${release}`,
    "spec:",
    `  replicas: ${(values.global as { suspend?: boolean } | undefined)?.suspend ? 0 : 1}`,
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: main",
    "          image: example",
    "          resources:",
    "            requests:",
    `              cpu: ${resources.requests?.cpu ?? "100m"}`,
    `              memory: ${resources.requests?.memory ?? "128Mi"}`,
    "",
    ...exposed,
  ].join("\n");
}

export interface FakeHelm extends HelmPort {
  readonly releases: Map<string, Revision[]>;
  readonly calls: { operation: HelmOperation; release: string }[];
  failOn(operation: HelmOperation, error?: Error): void;
  clearFailures(): void;
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

function helmReleaseData(t: ReleaseTarget, entry: Revision): string {
  const now = new Date().toISOString();
  return b64(
    b64(
      JSON.stringify({
        name: t.release,
        namespace: t.namespace,
        version: entry.revision,
        info: { status: entry.status, first_deployed: now, last_deployed: now, notes: "" },
        chart: { metadata: { name: entry.chart, version: entry.version } },
        config: entry.values,
        manifest: entry.manifest,
      }),
    ),
  );
}

const secretsPath = (ns: string) => `/api/v1/namespaces/${ns}/secrets`;

export function fakeHelm(kube: FakeKubernetes): FakeHelm {
  const releases = new Map<string, Revision[]>();
  const calls: FakeHelm["calls"] = [];
  const failures = new Map<HelmOperation, Error>();
  const key = (t: { release: string; namespace: string }) => `${t.namespace}/${t.release}`;

  const enter = (operation: HelmOperation, release: string) => {
    calls.push({ operation, release });
    const error = failures.get(operation);
    if (error) throw error;
  };
  const history = (t: ReleaseTarget) => {
    const revisions = releases.get(key(t));
    if (!revisions) throw new HelmError(`release ${t.release}: not found`, "release: not found", 1);
    return revisions;
  };
  const addRevision = async (
    t: ReleaseTarget,
    chart: string,
    version: string,
    values: Record<string, unknown>,
  ) => {
    const revisions = releases.get(key(t)) ?? [];
    for (const r of revisions) r.status = "superseded";
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    const entry: Revision = {
      revision,
      values,
      manifest: renderDeployment(t.release, values),
      chart,
      version,
      status: "deployed",
    };
    releases.set(key(t), [...revisions, entry]);
    // Helm's own storage: written beside the port, so failures injected into the features'
    // Kubernetes calls do not hit it.
    const name = `sh.helm.release.v1.${t.release}.v${revision}`;
    kube.objects.set(`${secretsPath(t.namespace)}/${name}`, {
      metadata: {
        name,
        uid: `helm-${t.namespace}-${name}`,
        labels: { owner: "helm", name: t.release, version: String(revision), status: "deployed" },
      },
      type: "helm.sh/release.v1",
      // What the services read side decodes: Helm's JSON (not gzipped, which Helm also reads),
      // base64 by Helm, base64 again by the Secret's data.
      data: { release: helmReleaseData(t, entry) },
    });
    return { revision, manifest: entry.manifest, notes: "", durationMs: 1, queuedMs: 0 };
  };
  const latest = (t: ReleaseTarget) => history(t).at(-1)!;

  return {
    releases,
    calls,
    failOn: (operation, error = new HelmError(`helm ${operation} failed`, "injected failure", 1)) =>
      void failures.set(operation, error),
    clearFailures: () => failures.clear(),
    async template(t, _source: ChartSource, values, check) {
      enter("template", t.release);
      const manifest = renderDeployment(t.release, (values ?? {}) as Record<string, unknown>);
      await check?.(manifest);
      return { manifest, durationMs: 1, queuedMs: 0 };
    },
    async install(t, source, values, _timeout, check) {
      enter("install", t.release);
      // Like helm's post-renderer: the check sees the rendered manifests before anything exists.
      await check?.(renderDeployment(t.release, (values ?? {}) as Record<string, unknown>));
      if (releases.has(key(t)))
        throw new HelmError(
          `chart ${source.chart} ${source.version} failed to install as ${t.release}: cannot re-use a name that is still in use`,
          "cannot re-use a name that is still in use",
          1,
        );
      return addRevision(
        t,
        source.chart,
        source.version,
        (values ?? {}) as Record<string, unknown>,
      );
    },
    async upgrade(t, source, values, _timeout, check) {
      enter("upgrade", t.release);
      history(t);
      // Like helm's post-renderer: a refusal stops the upgrade before any new revision exists.
      await check?.(renderDeployment(t.release, (values ?? {}) as Record<string, unknown>));
      return addRevision(
        t,
        source.chart,
        source.version,
        (values ?? {}) as Record<string, unknown>,
      );
    },
    async setSuspend(t, source, suspend, _timeout, check) {
      enter("setSuspend", t.release);
      const current = latest(t);
      const values = structuredClone(current.values);
      values.global = { ...(values.global as object), suspend };
      await check?.(renderDeployment(t.release, values));
      return addRevision(t, source.chart, source.version, values);
    },
    async uninstall(t) {
      enter("uninstall", t.release);
      history(t);
      releases.delete(key(t));
      for (const secret of kube.under(secretsPath(t.namespace)))
        if (secret.metadata?.labels?.name === t.release && secret.metadata.labels.owner === "helm")
          kube.objects.delete(`${secretsPath(t.namespace)}/${secret.metadata.name}`);
      // Kubernetes' garbage collector: the Onyxia secret's owners are gone.
      kube.objects.delete(`${secretsPath(t.namespace)}/${onyxiaSecretName(t.release)}`);
    },
    async rollback(t, revision) {
      enter("rollback", t.release);
      const target = history(t).find((r) => r.revision === revision);
      if (!target) throw new HelmError(`revision ${revision} not found`, "not found", 1);
      await addRevision(t, target.chart, target.version, structuredClone(target.values));
    },
    async history(t): Promise<HelmRevision[]> {
      enter("history", t.release);
      return history(t).map((r) => ({
        revision: r.revision,
        updated: "2024-01-01T00:00:00Z",
        status: r.status,
        chart: `${r.chart}-${r.version}`,
        app_version: "1",
        description: "fake",
      }));
    },
    async values(t, revision) {
      enter("values", t.release);
      const r =
        revision === undefined ? latest(t) : history(t).find((x) => x.revision === revision);
      return structuredClone(r?.values ?? {});
    },
    async manifest(t, revision) {
      enter("manifest", t.release);
      const r =
        revision === undefined ? latest(t) : history(t).find((x) => x.revision === revision);
      return r?.manifest ?? "";
    },
    async metadata(t) {
      enter("metadata", t.release);
      const r = latest(t);
      return {
        name: t.release,
        chart: r.chart,
        version: r.version,
        namespace: t.namespace,
        revision: r.revision,
        status: r.status,
      };
    },
  };
}
