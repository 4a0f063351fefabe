// Resolves the caller once per request and the region/project they act on.
import type { FastifyRequest } from "fastify";
import { callerOf, type Caller } from "../domain/caller.ts";
import { UnauthenticatedError } from "../domain/errors.ts";
import type { ApiContext } from "../routes/context.ts";
import {
  kubeIdentityFor,
  projectsFor,
  resolveProject,
  resolveRegion,
  type User,
} from "../user/index.ts";

const users = new WeakMap<FastifyRequest, User>();
const callers = new WeakMap<FastifyRequest, Caller>();

/** The caller already resolved for this request, if any (audit log, rate limit). */
export function resolvedUser(request: FastifyRequest): User | undefined {
  return users.get(request);
}

/** The authenticated caller; 401 when anonymous. */
export async function requireUser(request: FastifyRequest, ctx: ApiContext): Promise<User> {
  const known = users.get(request);
  if (known) return known;
  const user = await ctx.users.resolve(request);
  if (!user)
    throw new UnauthenticatedError(
      "Authentication required: send an OIDC access token as 'Authorization: Bearer <token>'",
    );
  users.set(request, user);
  return user;
}

/** The caller with the region (ONYXIA-REGION) and project (ONYXIA-PROJECT) they act on. */
export async function callerContext(request: FastifyRequest, ctx: ApiContext): Promise<Caller> {
  const known = callers.get(request);
  if (known) return known;
  const user = await requireUser(request, ctx);
  const region = resolveRegion(request, ctx.config.regions, ctx.config.server.unknownRegion);
  const projects = projectsFor(user, region, ctx.ownNamespace);
  const project = resolveProject(request, projects);
  const caller = callerOf({ user, region, projects, project, kube: kubeIdentityFor(user, region) });
  callers.set(request, caller);
  return caller;
}

/** The caller context already resolved for this request (the audit log reads it), if any. */
export function resolvedCaller(request: FastifyRequest): Caller | undefined {
  return callers.get(request);
}
