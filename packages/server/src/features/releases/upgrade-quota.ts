// The quota of an upgrade of a running release (an edit, a resume), as for a launch: checked on
// the manifests helm is about to apply (its post-renderer) and reserved (quota/), so an upgrade
// and a launch at once cannot both pass a check only one fits in. What counts is the new
// requests less what the release holds now: Kubernetes already counts its pods in `used`.
import type { KubernetesPort, ManifestCheck } from "../../platform/ports.ts";
import { manifestResources, namespaceQuotas } from "../quota/index.ts";
import type { ReleaseDeps } from "./deps.ts";
import { readRelease, type ReleaseRecord } from "./release-record.ts";

export interface UpgradeQuota {
  /** For helm upgrade; undefined when the namespace has no quota. */
  check: ManifestCheck | undefined;
  /** After a failed upgrade: without a new revision helm applied nothing, the reservation goes. */
  failed(): Promise<void>;
}

export async function upgradeQuota(
  deps: Pick<ReleaseDeps, "quotaReservations">,
  kube: KubernetesPort,
  record: ReleaseRecord,
  currentManifest: () => Promise<string>,
): Promise<UpgradeQuota> {
  const quotas = await namespaceQuotas(kube, record.namespace);
  let cancel: (() => void) | undefined;
  if (quotas.length === 0) return { check: undefined, failed: async () => undefined };
  const released = manifestResources(await currentManifest());
  return {
    check: (manifest) => {
      cancel = deps.quotaReservations.reserve(
        record.namespace,
        quotas,
        manifestResources(manifest),
        released,
      );
    },
    async failed() {
      if (!cancel) return;
      const after = await readRelease(kube, record.namespace, record.release).catch(
        () => undefined,
      );
      if (after?.helmSecrets.at(-1)?.revision === record.helmSecrets.at(-1)?.revision) cancel();
    },
  };
}
