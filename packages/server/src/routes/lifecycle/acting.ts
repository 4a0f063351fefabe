// What every write route needs: the caller with their region's ports, and the features' deps.
import type { FastifyRequest } from "fastify";
import type { ReleaseDeps } from "../../features/releases/index.ts";
import { callerContext } from "../../http/request-caller.ts";
import { actingCaller, type ActingCaller } from "../../platform/acting-caller.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses } from "../api-schemas.ts";

export const tags = ["my-lab"];
export const writeErrors = errorResponses(400, 401, 403, 404, 409, 500, 502, 503, 504);

export async function acting(request: FastifyRequest, ctx: ApiContext): Promise<ActingCaller> {
  return actingCaller(await callerContext(request, ctx), ctx.platform);
}

export function releaseDeps(ctx: ApiContext): ReleaseDeps {
  const { platform } = ctx;
  return {
    catalogs: ctx.catalogs,
    schemas: ctx.schemas,
    helm: platform.helm,
    events: platform.events,
    random: platform.random,
    quotaReservations: ctx.quotaReservations,
    caCertsDir: platform.caCertsDir,
    metrics: platform.metrics,
  };
}
