// "Not now": the owner keeps an idle service running for another window.
import {
  decodeIdleRecord,
  encodeIdleRecord,
  IDLE_ANNOTATION,
  onyxiaSecretName,
  postponeIdle,
  suspendTime,
  type IdlePostponeResponse,
} from "@onyxia-ts/core";
import { ConflictError, InvalidError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import type { Clock } from "../../platform/ports.ts";
import { releaseToManage } from "../releases/index.ts";

export async function postponeIdleSuspend(
  clock: Clock,
  caller: ActingCaller,
  release: string,
): Promise<IdlePostponeResponse> {
  const config = caller.region.services.idleSuspend;
  if (!config?.enabled)
    throw new InvalidError(`Idle suspend is not enabled in region ${caller.region.id}`, {
      title: "Idle suspend disabled",
    });
  const record = await releaseToManage(caller.asCaller, caller, release, "postpone the pause of");
  if (!record.onyxiaSecret)
    throw new ConflictError(`Service ${release} has no ownership record: it is never paused`, {
      title: "Not tracked",
    });
  const now = clock.now();
  const next = postponeIdle(
    decodeIdleRecord(record.onyxiaSecret.metadata?.annotations?.[IDLE_ANNOTATION]),
    now,
  );
  const value = encodeIdleRecord(next);
  await caller.asCaller.mergePatch(
    `/api/v1/namespaces/${encodeURIComponent(record.namespace)}/secrets/${onyxiaSecretName(release)}`,
    { metadata: { annotations: { [IDLE_ANNOTATION]: value } } },
  );
  return {
    release,
    postponedAt: new Date(now).toISOString(),
    suspendAt: new Date(suspendTime(config, next)).toISOString(),
    commands: [
      `kubectl annotate secret ${onyxiaSecretName(release)} --namespace ${record.namespace} --overwrite ${IDLE_ANNOTATION}='${value}'`,
    ],
  };
}
