// A release as the write side sees it: its Helm revision secrets, its Onyxia secret, and who may
// act on it. Rule: in a personal project the user may act on everything; in a shared namespace
// (group project, single namespace) only the owner may, except orphans (no Onyxia secret, e.g.
// a launch that failed half-way, onyxia#1011), which any member may clean up.
import {
  checkReleaseName,
  decodeOnyxiaSecret,
  onyxiaSecretDataPatch,
  onyxiaSecretName,
  onyxiaSecretObject,
  type OnyxiaReleaseMeta,
} from "@onyxia-ts/core";
import { ForbiddenError, InvalidError, NotFoundError } from "../domain/errors.ts";
import type { Project, User } from "../user/index.ts";
import type { KubeObject, KubeWriter } from "./kube-writer.ts";

export interface ReleaseRecord {
  release: string;
  namespace: string;
  /** Helm revision secrets, oldest first. */
  helmSecrets: { name: string; uid: string; revision: number; status: string }[];
  onyxiaSecret: KubeObject | undefined;
  meta: OnyxiaReleaseMeta | undefined;
}

const nsPath = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;

export function validReleaseName(value: unknown, what = "serviceID"): string {
  const check = checkReleaseName(value);
  if (!check.ok)
    throw new InvalidError(
      `Invalid ${what} ${JSON.stringify(String(value).slice(0, 100))}: ${check.reason}`,
      { title: "Invalid name" },
    );
  return value as string;
}

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
  kube: KubeWriter,
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
    meta: onyxia ? decodeOnyxiaSecret(onyxia as never) : undefined,
  };
}

/** Every release of the namespace, with its ownership. */
export async function listReleases(kube: KubeWriter, namespace: string): Promise<ReleaseRecord[]> {
  const [helm, onyxia] = await Promise.all([
    kube.list(nsPath(namespace), { labelSelector: "owner=helm" }),
    kube.list(nsPath(namespace), { fieldSelector: "type=onyxia.sh/release.v1" }),
  ]);
  const byRelease = new Map<string, KubeObject[]>();
  for (const s of helm) {
    const name = s.metadata?.labels?.name;
    if (name) byRelease.set(name, [...(byRelease.get(name) ?? []), s]);
  }
  const secrets = new Map(onyxia.map((s) => [s.metadata?.name ?? "", s]));
  return [...byRelease].map(([release, items]) => {
    const secret = secrets.get(onyxiaSecretName(release));
    return {
      release,
      namespace,
      helmSecrets: helmSecretsOf(items),
      onyxiaSecret: secret,
      meta: secret ? decodeOnyxiaSecret(secret as never) : undefined,
    };
  });
}

export function mayManage(
  record: ReleaseRecord,
  user: User,
  project: Project,
  sharedNamespace: boolean,
): boolean {
  if (!sharedNamespace) return true;
  return record.meta === undefined || record.meta.owner === null || record.meta.owner === user.idep;
}

/** The release, or 404; 403 when the caller may not change it. */
export async function releaseToManage(
  kube: KubeWriter,
  caller: { user: User; project: Project; sharedNamespace: boolean },
  release: string,
  action: string,
): Promise<ReleaseRecord> {
  const record = await readRelease(kube, caller.project.namespace, release);
  if (!record)
    throw new NotFoundError(
      `Service ${release} not found in namespace ${caller.project.namespace}`,
    );
  if (!mayManage(record, caller.user, caller.project, caller.sharedNamespace)) {
    throw new ForbiddenError(
      `Service ${release} belongs to ${record.meta?.owner}; only its owner may ${action} it`,
    );
  }
  return record;
}

/**
 * Adds the newest Helm revision secret as an owner of the Onyxia secret: Kubernetes deletes a
 * dependent only when all its owners are gone, so it survives Helm pruning old revisions
 * (--history-max) and goes with the release on uninstall.
 */
export async function followLatestRevision(
  kube: KubeWriter,
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
  kube: KubeWriter,
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
  kube: KubeWriter,
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
