// The release model, read and write side: a release is its Helm revision secrets plus its Onyxia
// secret (owner, friendly name, share). The services listing (services-list/release-index.ts)
// builds its Service objects from the same grouping (`onyxiaMetaByRelease`) out of the watch
// caches; the write features read records through the Kubernetes port. Who may act on a release
// is core's `mayManage` (next to `isVisibleTo`), the same rule on both sides.
import {
  checkReleaseName,
  decodeOnyxiaSecret,
  mayManage,
  onyxiaSecretDataPatch,
  onyxiaSecretName,
  onyxiaSecretObject,
  onyxiaSecretRelease,
  type KubeSecret,
  type OnyxiaReleaseMeta,
  type Viewer,
} from "@onyxia-ts/core";
import { ForbiddenError, InvalidError, NotFoundError } from "../../domain/errors.ts";
import type { KubeObject, KubernetesPort } from "../../platform/ports.ts";

export interface ReleaseRecord {
  release: string;
  namespace: string;
  /** Helm revision secrets, oldest first. */
  helmSecrets: { name: string; uid: string; revision: number; status: string }[];
  onyxiaSecret: KubeObject | undefined;
  meta: OnyxiaReleaseMeta | undefined;
}

const nsPath = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;

/** The one release-name check: 400 "Invalid name" saying what is wrong with `what`. */
export function validReleaseName(value: unknown, what = "serviceID"): string {
  const check = checkReleaseName(value);
  if (!check.ok)
    throw new InvalidError(
      `Invalid ${what} ${JSON.stringify(String(value).slice(0, 100))}: ${check.reason}`,
      { title: "Invalid name" },
    );
  return value as string;
}

/** The Onyxia secrets among `secrets`, decoded, by release name. */
export function onyxiaMetaByRelease<S extends KubeSecret>(
  secrets: Iterable<S>,
): Map<string, { secret: S; meta: OnyxiaReleaseMeta }> {
  const out = new Map<string, { secret: S; meta: OnyxiaReleaseMeta }>();
  for (const secret of secrets) {
    const release = onyxiaSecretRelease(secret);
    if (release) out.set(release, { secret, meta: decodeOnyxiaSecret(secret) });
  }
  return out;
}

/** The ownership fields `mayManage` and `isVisibleTo` read. */
export const ownershipOf = (record: ReleaseRecord) => ({
  owner: record.meta?.owner ?? null,
  orphan: record.meta === undefined,
});

function helmSecretsOf(items: KubeObject[]): ReleaseRecord["helmSecrets"] {
  return items
    .map((s) => ({
      name: s.metadata?.name ?? "",
      uid: s.metadata?.uid ?? "",
      revision: Number(s.metadata?.labels?.version ?? 0),
      status: s.metadata?.labels?.status ?? "unknown",
    }))
    .sort((a, b) => a.revision - b.revision);
}

export async function readRelease(
  kube: KubernetesPort,
  namespace: string,
  release: string,
): Promise<ReleaseRecord | undefined> {
  const [helm, onyxia] = await Promise.all([
    kube.list(nsPath(namespace), { labelSelector: `owner=helm,name=${release}` }),
    kube.get(`${nsPath(namespace)}/${onyxiaSecretName(release)}`),
  ]);
  if (helm.length === 0) return undefined;
  return {
    release,
    namespace,
    helmSecrets: helmSecretsOf(helm),
    onyxiaSecret: onyxia,
    meta: onyxia ? decodeOnyxiaSecret(onyxia as KubeSecret) : undefined,
  };
}

/** Every release of the namespace, with its ownership. */
export async function listReleases(
  kube: KubernetesPort,
  namespace: string,
): Promise<ReleaseRecord[]> {
  const [helm, onyxia] = await Promise.all([
    kube.list(nsPath(namespace), { labelSelector: "owner=helm" }),
    kube.list(nsPath(namespace), { fieldSelector: "type=onyxia.sh/release.v1" }),
  ]);
  const byRelease = new Map<string, KubeObject[]>();
  for (const s of helm) {
    const name = s.metadata?.labels?.name;
    if (name) byRelease.set(name, [...(byRelease.get(name) ?? []), s]);
  }
  const metas = onyxiaMetaByRelease(onyxia as (KubeObject & KubeSecret)[]);
  return [...byRelease].map(([release, items]) => ({
    release,
    namespace,
    helmSecrets: helmSecretsOf(items),
    onyxiaSecret: metas.get(release)?.secret,
    meta: metas.get(release)?.meta,
  }));
}

/** The release, or 404; 403 when the caller may not change it. */
export async function releaseToManage(
  kube: KubernetesPort,
  caller: { user: { idep: string }; project: { namespace: string }; sharedNamespace: boolean },
  release: string,
  action: string,
): Promise<ReleaseRecord> {
  const record = await readRelease(kube, caller.project.namespace, release);
  if (!record)
    throw new NotFoundError(
      `Service ${release} not found in namespace ${caller.project.namespace}`,
    );
  if (!mayManage(ownershipOf(record), viewerOf(caller))) {
    throw new ForbiddenError(
      `Service ${release} belongs to ${record.meta?.owner}; only its owner may ${action} it`,
    );
  }
  return record;
}

export const viewerOf = (caller: { user: { idep: string }; sharedNamespace: boolean }): Viewer => ({
  idep: caller.user.idep,
  sharedNamespace: caller.sharedNamespace,
});

/**
 * Adds the newest Helm revision secret as an owner of the Onyxia secret: Kubernetes deletes a
 * dependent only when all its owners are gone, so it survives Helm pruning old revisions
 * (--history-max) and goes with the release on uninstall.
 */
export async function followLatestRevision(
  kube: KubernetesPort,
  namespace: string,
  release: string,
): Promise<void> {
  const record = await readRelease(kube, namespace, release);
  const latest = record?.helmSecrets.at(-1);
  if (!record?.onyxiaSecret || !latest) return;
  const refs = (record.onyxiaSecret.metadata?.ownerReferences ?? []) as { uid?: string }[];
  if (refs.some((r) => r.uid === latest.uid)) return;
  const alive = new Set(record.helmSecrets.map((s) => s.uid));
  const ownerReferences = [
    ...refs.filter((r) => r.uid !== undefined && alive.has(r.uid)),
    { apiVersion: "v1", kind: "Secret", name: latest.name, uid: latest.uid },
  ];
  await kube.mergePatch(`${nsPath(namespace)}/${onyxiaSecretName(release)}`, {
    metadata: { ownerReferences },
  });
}

export async function createOnyxiaSecret(
  kube: KubernetesPort,
  input: {
    release: string;
    namespace: string;
    catalogId: string;
    owner: string;
    friendlyName: string;
    share: boolean;
  },
): Promise<void> {
  const record = await readRelease(kube, input.namespace, input.release);
  const latest = record?.helmSecrets.at(-1);
  await kube.create(
    nsPath(input.namespace),
    onyxiaSecretObject({
      ...input,
      ...(latest ? { helmSecret: { name: latest.name, uid: latest.uid } } : {}),
    }),
  );
}

/** Rename or share: patch the Onyxia secret, or create it for a release that has none. */
export async function updateOnyxiaSecret(
  kube: KubernetesPort,
  record: ReleaseRecord,
  change: { friendlyName?: string; share?: boolean },
  fallback: { catalogId: string; owner: string; friendlyName: string },
): Promise<void> {
  if (record.onyxiaSecret) {
    await kube.mergePatch(
      `${nsPath(record.namespace)}/${onyxiaSecretName(record.release)}`,
      onyxiaSecretDataPatch(change),
    );
    return;
  }
  await createOnyxiaSecret(kube, {
    release: record.release,
    namespace: record.namespace,
    catalogId: fallback.catalogId,
    owner: fallback.owner,
    friendlyName: change.friendlyName ?? fallback.friendlyName,
    share: change.share ?? false,
  });
}
