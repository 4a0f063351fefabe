// The caller, the namespace they act on (validated) and its cache.
import { checkNamespace, checkReleaseName } from "@onyxia-ts/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { badRequest, HttpProblem } from "../../http/problem.ts";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import type { ServicesRuntime } from "../../services/index.ts";
import { kubeRequestHeaders, type User } from "../../user/index.ts";
import type { CallIdentity } from "../../kubernetes/index.ts";
import { callerContext, type CallerContext } from "../caller.ts";
import type { ApiContext } from "../context.ts";
import { kubeCall } from "./kube-errors.ts";

export interface ServicesScope extends CallerContext {
  namespace: string;
  /** Group project or the single shared namespace: only own, shared and orphan releases are listed. */
  sharedNamespace: boolean;
}

export async function servicesScope(
  request: FastifyRequest,
  ctx: ApiContext,
): Promise<ServicesScope> {
  const caller = await callerContext(request, ctx);
  const namespace = caller.project.namespace;
  const check = checkNamespace(namespace);
  if (!check.ok)
    throw new HttpProblem(500, `The namespace of project "${caller.project.id}" ${check.reason}`);
  return {
    ...caller,
    namespace,
    sharedNamespace: caller.project.group !== undefined || caller.region.services.singleNamespace,
  };
}

/**
 * The namespace's cache, synced (503 when Kubernetes does not answer), once the caller may read
 * it (403 naming the namespace when Kubernetes says no; see ServicesRuntime.authorizeRead).
 */
export async function readyCache(
  runtime: ServicesRuntime,
  scope: ServicesScope,
): Promise<NamespaceCache> {
  return kubeCall(`Kubernetes is unavailable for region "${scope.region.id}"`, () =>
    runtime.readableCache(scope.region, scope.kube, scope.namespace),
  );
}

/** Direct Kubernetes calls (logs, events) made with the caller's identity: RBAC applies natively. */
export const asCaller = (scope: ServicesScope): CallIdentity => ({
  headers: kubeRequestHeaders(scope.kube),
});

export function requireReleaseName(value: string | undefined, parameter: string): string {
  if (value === undefined || value === "")
    throw badRequest(`Query parameter "${parameter}" is required`);
  const check = checkReleaseName(value);
  if (!check.ok) throw badRequest(`Invalid ${parameter} ${JSON.stringify(value)}: ${check.reason}`);
  return value;
}

export const viewerOf = (user: User, scope: ServicesScope) => ({
  idep: user.idep,
  sharedNamespace: scope.sharedNamespace,
});

/**
 * The equivalent commands, when asked with `?withCommands=true` or the header
 * `Onyxia-With-Commands: true`: sent back in the `Onyxia-Commands` header (a JSON array), so
 * JSON bodies keep Onyxia's shapes and text/SSE answers can carry them too.
 */
export function addCommands(
  request: FastifyRequest,
  reply: FastifyReply,
  commands: string[],
): void {
  const query = request.query as Record<string, unknown> | undefined;
  const asked =
    query?.withCommands === true ||
    query?.withCommands === "true" ||
    request.headers["onyxia-with-commands"] === "true";
  if (asked) reply.header("onyxia-commands", JSON.stringify(commands));
}

export const withCommandsQuery = {
  withCommands: {
    type: "boolean",
    description: "Send the equivalent helm/kubectl commands in the Onyxia-Commands header",
  },
} as const;
