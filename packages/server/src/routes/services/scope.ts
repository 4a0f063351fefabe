// The caller, the namespace they act on (validated) and its cache.
import { checkNamespace } from "@onyxia-ts/core";
import { validReleaseName } from "../../lifecycle/releases.ts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Caller } from "../../domain/caller.ts";
import { InternalError, InvalidError } from "../../domain/errors.ts";
import { callerContext } from "../../http/request-caller.ts";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import type { ServicesRuntime } from "../../services/index.ts";
import { kubeRequestHeaders, type User } from "../../user/index.ts";
import type { CallIdentity } from "../../kubernetes/index.ts";
import type { ApiContext } from "../context.ts";
import { translated } from "../../platform/translate-errors.ts";

export interface ServicesScope extends Caller {
  namespace: string;
}

export async function servicesScope(
  request: FastifyRequest,
  ctx: ApiContext,
): Promise<ServicesScope> {
  const caller = await callerContext(request, ctx);
  const namespace = caller.project.namespace;
  const check = checkNamespace(namespace);
  if (!check.ok)
    throw new InternalError(`The namespace of project "${caller.project.id}" ${check.reason}`);
  return { ...caller, namespace };
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

/** A read-side Kubernetes call: its failures translated, the detail saying `what` was done. */
export function kubeCall<T>(
  what: string,
  work: () => Promise<T>,
  options: { asCaller?: boolean } = {},
): Promise<T> {
  return translated(work, { what, asCaller: options.asCaller ?? false });
}

/** Direct Kubernetes calls (logs, events) made with the caller's identity: RBAC applies natively. */
export const asCaller = (scope: ServicesScope): CallIdentity => ({
  headers: kubeRequestHeaders(scope.kube),
});

export function requireReleaseName(value: string | undefined, parameter: string): string {
  if (value === undefined || value === "")
    throw new InvalidError(`Query parameter "${parameter}" is required`);
  return validReleaseName(value, parameter);
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
