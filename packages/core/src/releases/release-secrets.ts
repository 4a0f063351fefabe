// Which Secrets are Helm releases, and the latest revision of each release (what `helm list` shows).
import type { KubeSecret } from "./kube-types.ts";

export const HELM_SECRET_TYPE = "helm.sh/release.v1";
export const HELM_OWNER_SELECTOR = "owner=helm";
const HELM_SECRET_NAME = /^sh\.helm\.release\.v1\.(.+)\.v(\d+)$/;

export interface HelmSecretRef {
  release: string;
  revision: number;
  /** Helm's status label (deployed, failed, superseded, pending-install, uninstalling…). */
  status: string | undefined;
}

/** Release name and revision from the labels (Helm's source of truth), else from the name. */
export function helmSecretRef(secret: KubeSecret): HelmSecretRef | undefined {
  const meta = secret.metadata;
  if (!meta?.name) return undefined;
  if (secret.type !== undefined && secret.type !== HELM_SECRET_TYPE) return undefined;
  const labels = meta.labels ?? {};
  const fromName = HELM_SECRET_NAME.exec(meta.name);
  const release = labels.name ?? fromName?.[1];
  const revision = Number(labels.version ?? fromName?.[2]);
  if (!release || !Number.isInteger(revision) || revision < 1) return undefined;
  return { release, revision, status: labels.status };
}

/** The secret of the highest revision of every release; `uninstalled` kept histories are dropped. */
export function latestReleaseSecrets<S extends KubeSecret>(secrets: Iterable<S>): Map<string, S> {
  const best = new Map<string, { ref: HelmSecretRef; secret: S }>();
  for (const secret of secrets) {
    const ref = helmSecretRef(secret);
    if (!ref) continue;
    const known = best.get(ref.release);
    if (!known || ref.revision > known.ref.revision) best.set(ref.release, { ref, secret });
  }
  const latest = new Map<string, S>();
  for (const [release, { ref, secret }] of best)
    if (ref.status !== "uninstalled") latest.set(release, secret);
  return latest;
}
