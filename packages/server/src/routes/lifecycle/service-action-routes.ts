// POST /my-lab/app/{rename,share,suspend,resume,idle/postpone}: small changes to one service.
import type { FastifyInstance } from "fastify";
import { postponeIdleSuspend } from "../../features/idle-suspend/index.ts";
import { setSuspended, updateMeta } from "../../features/release-actions/index.ts";
import { validReleaseName } from "../../features/releases/index.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import { onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { acting, releaseDeps, tags, writeErrors } from "./acting.ts";
import {
  renameRequestSchema,
  serviceRequestSchema,
  shareRequestSchema,
  type RenameRequest,
  type ShareRequest,
} from "@onyxia-ts/core";

/** A POST naming one service (`serviceID`, validated before anything else). */
export function serviceAction<B extends { serviceID: string }>(
  api: FastifyInstance,
  ctx: ApiContext,
  path: string,
  summary: string,
  body: object,
  run: (caller: ActingCaller, body: B) => Promise<unknown>,
): void {
  api.post<{ Body: B }>(
    path,
    { schema: { tags, summary, headers: onyxiaHeaders, body, response: writeErrors } },
    async (request) => {
      const body = request.body as B;
      validReleaseName(body.serviceID);
      return run(await acting(request, ctx), body);
    },
  );
}

export function registerServiceActionRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const deps = releaseDeps(ctx);
  serviceAction<RenameRequest>(
    api,
    ctx,
    "/my-lab/app/rename",
    "Rename a service (its friendly name)",
    renameRequestSchema,
    (c, b) => updateMeta(deps, c, b.serviceID, { friendlyName: b.friendlyName }),
  );
  serviceAction<ShareRequest>(
    api,
    ctx,
    "/my-lab/app/share",
    "Share a service with the project, or stop sharing it",
    shareRequestSchema,
    (c, b) => updateMeta(deps, c, b.serviceID, { share: b.share }),
  );
  serviceAction(
    api,
    ctx,
    "/my-lab/app/suspend",
    "Suspend a service (global.suspend=true)",
    serviceRequestSchema,
    (c, b) => setSuspended(deps, c, b.serviceID, true),
  );
  serviceAction(
    api,
    ctx,
    "/my-lab/app/resume",
    "Resume a suspended service (global.suspend=false)",
    serviceRequestSchema,
    (c, b) => setSuspended(deps, c, b.serviceID, false),
  );
  serviceAction(
    api,
    ctx,
    "/my-lab/app/idle/postpone",
    'Keep an idle service running for another window ("not now", idle suspend)',
    serviceRequestSchema,
    (c, b) => postponeIdleSuspend(ctx.platform.clock, c, b.serviceID),
  );
}
