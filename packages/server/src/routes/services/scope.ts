// The caller, the namespace they act on (validated) and its cache, for the services read routes.
import { checkNamespace } from "@onyxia-ts/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Caller } from "../../domain/caller.ts";
import { InternalError, InvalidError } from "../../domain/errors.ts";
import { validReleaseName } from "../../features/releases/index.ts";
import { callerContext } from "../../http/request-caller.ts";
import type { NamespaceCache } from "../../kubernetes/index.ts";
import { translated } from "../../platform/translate-errors.ts";
import type { ApiContext } from "../context.ts";

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
 * it (403 naming the namespace when Kubernetes says no; see Platform.authorizeRead).
 */
export function readyCache(ctx: ApiContext, scope: ServicesScope): Promise<NamespaceCache> {
  return translated(() => ctx.platform.readableCache(scope.region, scope.kube, scope.namespace), {
    what: `Kubernetes is unavailable for region "${scope.region.id}"`,
    asCaller: false,
  });
}

/** A required release name in the query string. */
export function requireReleaseName(value: string | undefined, parameter: string): string {
  if (value === undefined || value === "")
    throw new InvalidError(`Query parameter "${parameter}" is required`);
  return validReleaseName(value, parameter);
}

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
