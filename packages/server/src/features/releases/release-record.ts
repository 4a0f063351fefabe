// The release model, read and write side: a release is its Helm revision secrets plus its Onyxia
// secret (owner, friendly name, share). The services listing (services-list/release-index.ts)
// builds its Service objects from the same grouping (`onyxiaMetaByRelease`) out of the watch
// caches; the write features read records through the Kubernetes port. Who may act on a release
// is core's `mayManage` (next to `isVisibleTo`), the same rule on both sides.
import {
  checkReleaseName,
  decodeOnyxiaSecret,
  helmReleaseSecretName,
  isVisibleTo,
  mayManage,
  onyxiaSecretDataPatch,
  ONYXIA_SECRET_TYPE,
  onyxiaSecretName,
  onyxiaSecretObject,
  onyxiaSecretRelease,
  type KubeSecret,
  type OnyxiaReleaseMeta,
  type Viewer,
} from "@onyxia-ts/core";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "../../domain/errors.ts";
import type { KubeObject, KubernetesPort } from "../../platform/ports.ts";
import { toDomainError } from "../../platform/translate-errors.ts";

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

// C0/C1 controls (NUL, CR, LF…), DEL, the line/paragraph separators and the bidirectional
// controls that reorder what a listing shows (U+202E "right-to-left override"…).
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** A friendly name as shown in listings: 400 naming the first control character and its position. */
export function validFriendlyName(value: string, what = "friendlyName"): string {
  const match = CONTROL.exec(value);
  if (match) {
    const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new InvalidError(
      `Invalid ${what}: it contains the control character U+${code} at position ${match.index} (control and bidirectional characters are not allowed)`,
      { title: "Invalid name" },
    );
  }
  return value;
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

/**
 * The release, or 404 — also when the caller may not see it (another member's private service
 * in a group project does not exist for them, as in the listing); 403 when they see it (shared)
 * but may not change it.
 */
export async function releaseToManage(
  kube: KubernetesPort,
  caller: { user: { idep: string }; project: { namespace: string }; sharedNamespace: boolean },
  release: string,
  action: string,
): Promise<ReleaseRecord> {
  const record = await readRelease(kube, caller.project.namespace, release);
  const viewer = viewerOf(caller);
  if (
    !record ||
    !isVisibleTo({ ...ownershipOf(record), share: record.meta?.share ?? false }, viewer)
  )
    throw new NotFoundError(
      `Service ${release} not found in namespace ${caller.project.namespace}`,
    );
  if (!mayManage(ownershipOf(record), viewer)) {
    throw new ForbiddenError(
      `Service ${release} is shared with the project; only its owner may ${action} it`,
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

/**
 * A launch's hold on the record it created: its uid (a failed install deletes only this one) and
 * resourceVersion, and when it last knew the record was its own (performance.now()).
 */
export interface HeldRecord {
  uid: string;
  resourceVersion: string;
  checkedAt: number;
}

/**
 * Two launches of one name at once must not break each other's record. A launch lets
 * helm past its post-render check (the moment before helm writes its release) only within
 * RECHECK_AFTER_MS of the instant it stamped its record, or after re-stamping it by a write
 * conditional on its resourceVersion (`confirmRecord`: no API call unless helm waited that long
 * for a slot). So a record stamped more than STALE_AFTER_MS ago, with no release of its name,
 * belongs to no launch that can still install: only such a record is a leftover to replace. The
 * margin between the two covers helm writing its release after the check, and clocks between
 * replicas.
 */
export const RECORD_RECHECK_AFTER_MS = 30_000;
export const RECORD_STALE_AFTER_MS = 120_000;
/** When the launch holding the record last stamped it (RFC 3339, the server's clock). */
export const LAUNCH_STAMP_ANNOTATION = "onyxia.sh/launch-stamped-at";

const stamped = <T extends ReturnType<typeof onyxiaSecretObject>>(record: T, at: number) => ({
  ...record,
  metadata: {
    ...record.metadata,
    annotations: { [LAUNCH_STAMP_ANNOTATION]: new Date(at).toISOString() },
  },
});

/**
 * Since its launch last stamped the record (else since its creation, for a record without a
 * stamp); Infinity if it tells neither.
 */
export function recordAgeMs(record: KubeObject, now: number): number {
  const at = [
    record.metadata?.annotations?.[LAUNCH_STAMP_ANNOTATION],
    record.metadata?.creationTimestamp,
  ]
    .map((t) => (t === undefined ? NaN : Date.parse(t)))
    .find(Number.isFinite);
  return at === undefined ? Infinity : now - at;
}

const launchInProgress = (release: string, namespace: string) =>
  new ConflictError(
    `A launch of service ${release} is in progress in namespace ${namespace}: wait for it to ` +
      `finish, or choose another name (the name of a launch interrupted before its install is ` +
      `free again ${RECORD_STALE_AFTER_MS / 60_000} minutes after it started)`,
    { title: "Release name in use" },
  );

const isConflict = (error: unknown) => toDomainError(error) instanceof ConflictError;

/** Creates the record stamped now; the hold on it. */
async function createStamped(
  kube: KubernetesPort,
  input: Parameters<typeof createOnyxiaSecret>[1],
): Promise<HeldRecord> {
  const checkedAt = performance.now();
  const created = await kube.create(
    nsPath(input.namespace),
    stamped(onyxiaSecretObject(input), Date.now()),
  );
  return {
    uid: created.metadata?.uid ?? "",
    resourceVersion: created.metadata?.resourceVersion ?? "",
    checkedAt,
  };
}

/**
 * The ownership record written BEFORE the install (issue 11): a server killed at any point of a
 * launch leaves either nothing, a record without a release (invisible: the listing is built from
 * Helm's releases; replaced by a later launch of that name once stale), or a complete service
 * with its friendly name and share flag. The owner reference to Helm's revision is attached once
 * the install is done (`followLatestRevision`); uninstall deletes the record itself too.
 */
export async function recordBeforeInstall(
  kube: KubernetesPort,
  input: Parameters<typeof createOnyxiaSecret>[1],
): Promise<HeldRecord> {
  const path = `${nsPath(input.namespace)}/${onyxiaSecretName(input.release)}`;
  const helm = await kube.list(nsPath(input.namespace), {
    labelSelector: `owner=helm,name=${input.release}`,
  });
  if (helm.length > 0)
    throw new ConflictError(
      `Service ${input.release} already exists in namespace ${input.namespace}: choose another name`,
      { title: "Release name in use" },
    );
  // Created straight away: a Secret of that name is rare, and reading first cost every launch
  // one more read of etcd. On a conflict: a record stamped recently is another launch's, in
  // progress (409, and this launch's helm stops at its post-render check); a stale one (no
  // release carries this name) is replaced, deleted only if it is still the one read; any other
  // Secret of that name is the user's, never deleted: the create fails with a conflict and
  // nothing is installed.
  try {
    return await createStamped(kube, input);
  } catch (error) {
    if (!isConflict(error)) throw error;
    const existing = await kube.get(path);
    if (existing?.type !== ONYXIA_SECRET_TYPE) throw error;
    if (recordAgeMs(existing, Date.now()) < RECORD_STALE_AFTER_MS)
      throw launchInProgress(input.release, input.namespace);
    const { uid, resourceVersion } = existing.metadata ?? {};
    try {
      await kube.remove(path, { uid, resourceVersion });
      return await createStamped(kube, input);
    } catch (replacing) {
      // Re-stamped by its launch, or replaced by another launch, since it was read.
      if (isConflict(replacing)) throw launchInProgress(input.release, input.namespace);
      throw replacing;
    }
  }
}

/**
 * At the post-render check, just before helm writes its release: the record is still this
 * launch's. Nothing to ask while its stamp is recent; after a long wait (helm slots), re-stamped
 * by a write conditional on its resourceVersion, which fails (409) if it was replaced meanwhile.
 */
export async function confirmRecord(
  kube: KubernetesPort,
  namespace: string,
  release: string,
  held: HeldRecord,
): Promise<void> {
  if (performance.now() - held.checkedAt < RECORD_RECHECK_AFTER_MS) return;
  const checkedAt = performance.now();
  try {
    const patched = await kube.mergePatch(`${nsPath(namespace)}/${onyxiaSecretName(release)}`, {
      metadata: {
        resourceVersion: held.resourceVersion,
        annotations: { [LAUNCH_STAMP_ANNOTATION]: new Date().toISOString() },
      },
    });
    held.resourceVersion = patched.metadata?.resourceVersion ?? "";
    held.checkedAt = checkedAt;
  } catch (error) {
    const lost = toDomainError(error);
    if (!(lost instanceof ConflictError || lost instanceof NotFoundError)) throw error;
    throw new ConflictError(
      `The launch of service ${release} in namespace ${namespace} waited too long for helm and ` +
        `its ownership record was replaced by another launch of that name: nothing was installed`,
      { title: "Release name in use" },
    );
  }
}

/**
 * After a fresh install: the record becomes owned by Helm's first revision secret (so
 * Kubernetes deletes it with the release). One read of that secret by name, one patch: the
 * launch path does not list the release's secrets again. The launch runs it after its answer, so
 * something else may have changed the record meanwhile (an edit's `followLatestRevision`, a
 * rename): the patch is conditional on the record's `resourceVersion` as the launch left it, and
 * on a conflict the record follows the release's latest revision instead.
 */
export async function attachRecordToRevision(
  kube: KubernetesPort,
  namespace: string,
  release: string,
  revision: number,
  recordVersion?: string,
): Promise<void> {
  const name = helmReleaseSecretName(release, revision);
  const secret = await kube.get(`${nsPath(namespace)}/${name}`);
  const uid = secret?.metadata?.uid;
  if (!uid) return;
  try {
    await kube.mergePatch(`${nsPath(namespace)}/${onyxiaSecretName(release)}`, {
      metadata: {
        ...(recordVersion ? { resourceVersion: recordVersion } : {}),
        ownerReferences: [{ apiVersion: "v1", kind: "Secret", name, uid }],
      },
    });
  } catch (error) {
    if (recordVersion === undefined || !isConflict(error)) throw error;
    await followLatestRevision(kube, namespace, release);
  }
}

/**
 * Deletes the release's ownership record (after an uninstall, or a failed install); false if
 * none. With `uid` (a failed install), only the record of that uid: another launch's record is
 * not this launch's to delete (false, it stays).
 */
export async function removeRecord(
  kube: KubernetesPort,
  namespace: string,
  release: string,
  uid?: string,
): Promise<boolean> {
  const path = `${nsPath(namespace)}/${onyxiaSecretName(release)}`;
  try {
    return await kube.remove(path, uid === undefined ? undefined : { uid });
  } catch (error) {
    if (uid !== undefined && isConflict(error)) return false;
    throw error;
  }
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
