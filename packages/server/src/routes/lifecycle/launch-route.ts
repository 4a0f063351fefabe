// PUT /my-lab/app: launch a service. The body stays Onyxia's `[manifest]`; the release name,
// the phases and the equivalent commands go in headers.
import type { FastifyInstance } from "fastify";
import { launch } from "../../features/launch/index.ts";
import { onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { acting, releaseDeps, tags, writeErrors } from "./acting.ts";
import { launchRequestSchema, type LaunchRequest } from "@onyxia-ts/core";
import { asciiJson, COMMANDS_HEADER, RELEASE_HEADER } from "./headers.ts";

export function registerLaunchRoute(api: FastifyInstance, ctx: ApiContext): void {
  api.put<{ Body: LaunchRequest }>(
    "/my-lab/app",
    {
      schema: {
        tags,
        summary: "Launch a service (helm install); returns [manifest]",
        headers: onyxiaHeaders,
        body: launchRequestSchema,
        response: writeErrors,
      },
    },
    async (request, reply) => {
      const result = await launch(releaseDeps(ctx), await acting(request, ctx), request.body);
      // The values heredoc stays out of the header (the caller sent those values; a big header breaks proxies).
      const commands = result.commands.filter((c) => !c.startsWith("cat << EOF"));
      void reply
        .header("server-timing", result.timer.header())
        .header(RELEASE_HEADER, result.release)
        .header(COMMANDS_HEADER, asciiJson(commands));
      return [result.manifest];
    },
  );
}
