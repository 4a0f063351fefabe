// DELETE /my-lab/app?path=<release>&bulk=: uninstall one service, or every one the caller may delete.
import type { FastifyInstance } from "fastify";
import { validReleaseName } from "../../features/releases/index.ts";
import { uninstall, uninstallAll } from "../../features/release-actions/index.ts";
import { onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { acting, releaseDeps, tags, writeErrors } from "./acting.ts";
import { deleteQuerySchema } from "@onyxia-ts/core";

export function registerDeleteRoute(api: FastifyInstance, ctx: ApiContext): void {
  api.delete<{ Querystring: { path: string; bulk: boolean } }>(
    "/my-lab/app",
    {
      schema: {
        tags,
        summary: "Uninstall one service, or (bulk) every service the caller may delete",
        headers: onyxiaHeaders,
        querystring: deleteQuerySchema,
        response: writeErrors,
      },
    },
    async (request) => {
      const caller = await acting(request, ctx);
      if (request.query.bulk) return uninstallAll(releaseDeps(ctx), caller);
      return uninstall(releaseDeps(ctx), caller, validReleaseName(request.query.path, "path"));
    },
  );
}
