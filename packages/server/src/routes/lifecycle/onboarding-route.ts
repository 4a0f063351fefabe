// POST /onboarding: create or refresh the project namespace, RoleBinding and quota.
import type { FastifyInstance } from "fastify";
import { callerForGroup, onboardProject } from "../../features/onboarding/index.ts";
import { callerContext } from "../../http/request-caller.ts";
import { actingCaller } from "../../platform/acting-caller.ts";
import { onyxiaHeaders } from "../api-schemas.ts";
import type { ApiContext } from "../context.ts";
import { writeErrors } from "./acting.ts";
import { onboardingRequestSchema, type OnboardingRequest } from "@onyxia-ts/core";

export function registerOnboardingRoute(api: FastifyInstance, ctx: ApiContext): void {
  api.post<{ Body: OnboardingRequest | null }>(
    "/onboarding",
    {
      schema: {
        tags: ["onboarding"],
        summary: "Create or refresh the project namespace, RoleBinding and quota",
        headers: onyxiaHeaders,
        body: onboardingRequestSchema,
        response: writeErrors,
      },
    },
    async (request) => {
      const caller = callerForGroup(await callerContext(request, ctx), request.body?.group);
      return onboardProject(ctx.platform, await actingCaller(caller, ctx.platform));
    },
  );
}
