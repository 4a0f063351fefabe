// Admin actions on any project's service: suspend, resume or delete, with a mandatory reason. The
// right to act is the admin role (checked by the route before anything else); the action itself
// is the release-actions feature's own code (suspendRecord, uninstallRecord), run with the
// server's identity. The owner is told: the reason is kept on the ownership record (shown on
// their service) and a Kubernetes Event in the namespace names the admin and the reason; the
// audit entry of the request carries them too (route).
import {
  ADMIN_NOTICE_ANNOTATION,
  checkAdminReason,
  onyxiaSecretName,
  type AdminAction,
  type AdminActionRequest,
  type AdminActionResponse,
  type AdminNotice,
} from "@onyxia-ts/core";
import { ForbiddenError, InvalidError, NotFoundError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import type { Clock } from "../../platform/ports.ts";
import { suspendRecord, uninstallRecord } from "../release-actions/index.ts";
import { readRelease, validReleaseName, type ReleaseDeps } from "../releases/index.ts";
import type { NamespaceFilter } from "./admin.ts";

type Deps = Pick<
  ReleaseDeps,
  "catalogs" | "helm" | "events" | "caCertsDir" | "quotaReservations"
> & {
  clock: Clock;
};

const PAST: Record<AdminAction, string> = {
  suspend: "suspended",
  resume: "resumed",
  delete: "deleted",
};

/** The validated request: 400 naming the bad field. */
export function validAdminAction(
  body: AdminActionRequest,
  isProjectNamespace: NamespaceFilter,
): AdminActionRequest {
  const release = validReleaseName(body.release, "release");
  if (!isProjectNamespace(body.namespace))
    throw new InvalidError(
      `Invalid namespace ${JSON.stringify(String(body.namespace).slice(0, 100))}: not a project namespace of this region`,
    );
  const reason = checkAdminReason(body.reason);
  if (!reason.ok) throw new InvalidError(reason.error, { title: "Reason required" });
  return { namespace: body.namespace, release, reason: reason.reason };
}

export async function adminAct(
  deps: Deps,
  admin: ActingCaller,
  action: AdminAction,
  request: AdminActionRequest,
): Promise<AdminActionResponse> {
  if (admin.kube.mode !== "serviceAccount")
    throw new ForbiddenError("Admin actions run with the server's identity");
  const { namespace, release, reason } = request;
  const record = await readRelease(admin.asCaller, namespace, release);
  if (!record) throw new NotFoundError(`Service ${release} not found in namespace ${namespace}`);
  let changed = true;
  if (action === "delete") await uninstallRecord(deps, admin, record);
  else changed = (await suspendRecord(deps, admin, record, action === "suspend")).changed;
  const notice: AdminNotice = {
    action,
    reason,
    by: admin.user.idep,
    at: new Date(deps.clock.now()).toISOString(),
  };
  if (action !== "delete" && record.onyxiaSecret)
    await admin.server.mergePatch(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${onyxiaSecretName(release)}`,
      { metadata: { annotations: { [ADMIN_NOTICE_ANNOTATION]: JSON.stringify(notice) } } },
    );
  await recordEvent(admin, notice, namespace, release).catch(() => undefined);
  return { namespace, release, action, changed };
}

/** A Warning Event in the service's namespace: the owner's events view shows who did what, and why. */
async function recordEvent(
  admin: ActingCaller,
  notice: AdminNotice,
  namespace: string,
  release: string,
): Promise<void> {
  const reasonName = { suspend: "AdminSuspended", resume: "AdminResumed", delete: "AdminDeleted" };
  await admin.server.create(`/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { generateName: `${release}.admin-`, namespace },
    involvedObject: {
      apiVersion: "v1",
      kind: "Secret",
      name: onyxiaSecretName(release),
      namespace,
    },
    type: "Warning",
    reason: reasonName[notice.action],
    message: `Service ${release} was ${PAST[notice.action]} by the administrator ${notice.by}: ${notice.reason}`,
    source: { component: "onyxia-admin" },
    firstTimestamp: notice.at,
    lastTimestamp: notice.at,
    count: 1,
  });
}
