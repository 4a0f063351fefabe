// Uninstall (one or bulk), suspend/resume, rename and share.
import {
  isSuspendable,
  isSuspended,
  lifecycleCommands,
  mayManage,
  type BulkDeleteResponse,
  type DeleteResponse,
  type ServiceChangeResponse,
  type SuspendResponse,
} from "@onyxia-ts/core";
import { InvalidError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import {
  chartSource,
  currentRelease,
  followLatestRevision,
  listReleases,
  ownershipOf,
  releaseChart,
  releaseToManage,
  removeRecord,
  updateOnyxiaSecret,
  upgradeQuota,
  validFriendlyName,
  viewerOf,
  type ReleaseDeps,
  type ReleaseRecord,
} from "../releases/index.ts";

type Deps = Pick<ReleaseDeps, "catalogs" | "helm" | "events" | "caCertsDir" | "quotaReservations">;

/** Uninstalls a release already checked by the caller (the user's rules, or an admin's role). */
export async function uninstallRecord(
  deps: Deps,
  caller: ActingCaller,
  record: ReleaseRecord,
): Promise<void> {
  await deps.helm.uninstall({
    release: record.release,
    namespace: record.namespace,
    identity: caller.identity,
  });
  // Usually garbage-collected with Helm's revisions; not when the launch died before attaching it.
  await removeRecord(caller.asCaller, record.namespace, record.release).catch(() => undefined);
  deps.events({
    type: "service.uninstall",
    username: caller.user.idep,
    namespace: record.namespace,
    releaseName: record.release,
    ...(record.meta?.catalogId ? { catalogId: record.meta.catalogId } : {}),
    ...(record.meta?.friendlyName ? { friendlyName: record.meta.friendlyName } : {}),
  });
}

export async function uninstall(
  deps: Deps,
  caller: ActingCaller,
  release: string,
): Promise<DeleteResponse> {
  const record = await releaseToManage(caller.asCaller, caller, release, "delete");
  await uninstallRecord(deps, caller, record);
  return {
    path: release,
    success: true,
    commands: [lifecycleCommands.uninstall(release, record.namespace)],
  };
}

/** Every release of the namespace the caller may delete (theirs, and orphans). */
export async function uninstallAll(deps: Deps, caller: ActingCaller): Promise<BulkDeleteResponse> {
  const namespace = caller.project.namespace;
  const records = (await listReleases(caller.asCaller, namespace)).filter((r) =>
    mayManage(ownershipOf(r), viewerOf(caller)),
  );
  const results = await Promise.allSettled(records.map((r) => uninstallRecord(deps, caller, r)));
  const failed = results.flatMap((r, i) =>
    r.status === "rejected" ? [`${records[i]!.release}: ${(r.reason as Error).message}`] : [],
  );
  return {
    path: namespace,
    success: failed.length === 0,
    deleted: records.filter((_, i) => results[i]!.status === "fulfilled").map((r) => r.release),
    ...(failed.length ? { errors: failed } : {}),
    commands: records.map((r) => lifecycleCommands.uninstall(r.release, namespace)),
  };
}

export async function setSuspended(
  deps: Deps,
  caller: ActingCaller,
  release: string,
  suspend: boolean,
): Promise<SuspendResponse> {
  const record = await releaseToManage(
    caller.asCaller,
    caller,
    release,
    suspend ? "suspend" : "resume",
  );
  return suspendRecord(deps, caller, record, suspend);
}

/** Suspends or resumes a release already checked by the caller (the user's rules, or an admin's role). */
export async function suspendRecord(
  deps: Deps,
  caller: ActingCaller,
  record: ReleaseRecord,
  suspend: boolean,
): Promise<SuspendResponse> {
  const kube = caller.asCaller;
  const release = record.release;
  const target = { release, namespace: record.namespace, identity: caller.identity };
  const values = await deps.helm.values(target);
  if (!isSuspendable(values)) {
    throw new InvalidError(
      `Service ${release} cannot be suspended: its values have no global.suspend`,
      { title: "Service not suspendable" },
    );
  }
  const { found, metadata } = await releaseChart(deps, caller, record);
  const commands = [
    lifecycleCommands.suspend(
      release,
      `${found.catalog.id}/${metadata.chart}`,
      record.namespace,
      suspend,
    ),
  ];
  if (isSuspended(values) === suspend) return { release, changed: false, commands };
  // Resuming brings the pods back: their quota is checked and reserved as an edit's is.
  const quota = suspend
    ? undefined
    : await upgradeQuota(
        deps,
        kube,
        record,
        async () =>
          (await currentRelease(kube, record))?.manifest ?? (await deps.helm.manifest(target)),
      );
  let result;
  try {
    result = await deps.helm.setSuspend(
      target,
      chartSource(found.catalog, found.chart, deps.caCertsDir),
      suspend,
      found.catalog.timeout,
      quota?.check,
    );
  } catch (error) {
    await quota?.failed();
    throw error;
  }
  await followLatestRevision(kube, record.namespace, release);
  deps.events({
    type: suspend ? "service.suspend" : "service.install",
    username: caller.user.idep,
    namespace: record.namespace,
    releaseName: release,
    packageName: metadata.chart,
    catalogId: found.catalog.id,
    ...(record.meta?.friendlyName ? { friendlyName: record.meta.friendlyName } : {}),
  });
  return { release, changed: true, revision: result.revision, commands };
}

export async function updateMeta(
  deps: Deps,
  caller: ActingCaller,
  release: string,
  change: { friendlyName?: string; share?: boolean },
): Promise<ServiceChangeResponse> {
  const kube = caller.asCaller;
  if (change.friendlyName !== undefined) validFriendlyName(change.friendlyName);
  const record = await releaseToManage(
    kube,
    caller,
    release,
    change.share === undefined ? "rename" : "share",
  );
  let fallbackCatalog = record.meta?.catalogId ?? "";
  if (!record.onyxiaSecret) {
    // A release without a record gets one; its catalog comes from the chart it runs.
    const { found } = await releaseChart(deps, caller, record).catch(() => ({
      found: undefined,
    }));
    fallbackCatalog = found?.catalog.id ?? "";
  }
  await updateOnyxiaSecret(kube, record, change, {
    catalogId: fallbackCatalog,
    owner: caller.user.idep,
    friendlyName: release,
  });
  const [key, value] =
    change.friendlyName !== undefined
      ? ["friendlyName", change.friendlyName]
      : ["share", String(change.share)];
  return {
    release,
    commands: [lifecycleCommands.annotateSecret(release, record.namespace, key, value)],
  };
}
