// The release as it runs now, read from its newest Helm revision secret with one Kubernetes GET
// (the caller's rights, as helm's own `helm get` would use) instead of a helm process: its chart,
// its user values and the manifests it applied, which an edit compares with and frees.
import { gunzipSync } from "node:zlib";
import { decodeHelmReleaseSecret, type HelmRelease, type KubeSecret } from "@onyxia-ts/core";
import type { HelmMetadata, KubernetesPort } from "../../platform/ports.ts";
import type { ReleaseRecord } from "./release-record.ts";

const gunzip = (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));

/** The newest revision, decoded; undefined when its secret is gone or not Helm's format. */
export async function currentRelease(
  kube: KubernetesPort,
  record: ReleaseRecord,
): Promise<HelmRelease | undefined> {
  const latest = record.helmSecrets.at(-1);
  if (!latest) return undefined;
  const secret = await kube.get(
    `/api/v1/namespaces/${encodeURIComponent(record.namespace)}/secrets/${encodeURIComponent(latest.name)}`,
  );
  if (!secret) return undefined;
  try {
    return decodeHelmReleaseSecret(secret as KubeSecret, gunzip);
  } catch {
    return undefined;
  }
}

/** What `helm get metadata` says, from the decoded release. */
export const metadataOf = (release: HelmRelease): HelmMetadata => ({
  name: release.name,
  chart: release.chart.metadata.name,
  version: release.chart.metadata.version,
  ...(release.chart.metadata.appVersion ? { appVersion: release.chart.metadata.appVersion } : {}),
  namespace: release.namespace,
  revision: release.version,
  status: release.info.status,
});
