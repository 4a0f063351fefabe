// Resolves the caller once per request and the region/project they act on.
import type { Region } from "@onyxia-ts/core";
import type { FastifyRequest } from "fastify";
import { unauthorized } from "../http/problem.ts";
import { projectsFor, resolveProject, resolveRegion, type Project, type User } from "../user/index.ts";
import type { ApiContext } from "./context.ts";

const users = new WeakMap<FastifyRequest, User>();

/** The authenticated caller; 401 when anonymous. */
export async function requireUser(request: FastifyRequest, ctx: ApiContext): Promise<User> {
  const known = users.get(request);
  if (known) return known;
  const user = await ctx.users.resolve(request);
  if (!user) throw unauthorized("Authentication required: send an OIDC access token as 'Authorization: Bearer <token>'");
  users.set(request, user);
  return user;
}

export interface CallerContext {
  user: User;
  region: Region;
  projects: Project[];
  project: Project;
}

/** The caller with the region (ONYXIA-REGION) and project (ONYXIA-PROJECT) they act on. */
export async function callerContext(request: FastifyRequest, ctx: ApiContext): Promise<CallerContext> {
  const user = await requireUser(request, ctx);
  const region = resolveRegion(request, ctx.config.regions, ctx.config.server.unknownRegion);
  const projects = projectsFor(user, region, ctx.ownNamespace);
  return { user, region, projects, project: resolveProject(request, projects) };
}
