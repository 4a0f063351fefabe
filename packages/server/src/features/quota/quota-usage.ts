// GET /my-lab/quota: Onyxia's {spec, usage} of ResourceQuota onyxia-quota; 403 when quotas are
// disabled for this kind of project (the web then hides the widget), {} when none exists. Read
// with the server's rights, once Kubernetes agrees the caller may read the namespace.
import { ONYXIA_QUOTA_NAME, quotaUsage } from "@onyxia-ts/core";
import type { Caller } from "../../domain/caller.ts";
import { ForbiddenError } from "../../domain/errors.ts";
import type { Platform } from "../../platform/compose.ts";
import { translated } from "../../platform/translate-errors.ts";
import { KubernetesApiError } from "../../kubernetes/index.ts";

export function assertQuotasEnabled(caller: Caller): void {
  const quotas = caller.region.services.quotas;
  const isGroup = caller.project.group !== undefined;
  if (!(isGroup ? quotas.groupEnabled : quotas.userEnabled))
    throw new ForbiddenError(
      `Quotas are disabled for ${isGroup ? "group" : "personal"} projects in region "${caller.region.id}"`,
    );
}

export async function namespaceQuotaUsage(
  platform: Platform,
  caller: Caller,
  namespace: string,
): Promise<ReturnType<typeof quotaUsage> | Record<string, never>> {
  assertQuotasEnabled(caller);
  await translated(() => platform.authorizeRead(caller.region, caller.kube, namespace), {
    what: `Kubernetes is unavailable for region "${caller.region.id}"`,
    asCaller: false,
  });
  const quota = await translated(
    async () => {
      const client = (await platform.region(caller.region)).client;
      try {
        return await client.getJson<Parameters<typeof quotaUsage>[0]>(
          `/api/v1/namespaces/${namespace}/resourcequotas/${ONYXIA_QUOTA_NAME}`,
        );
      } catch (error) {
        if (error instanceof KubernetesApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    { what: `Cannot read the quota of namespace "${namespace}"`, asCaller: false },
  );
  return quota === undefined ? {} : quotaUsage(quota);
}
