// The services write side routes (reference §1.2): PUT/DELETE /my-lab/app, rename, share,
// suspend, resume, onboarding; and ours: edit with diff, revisions, rollback. Every action
// returns the commands a user would type (`commands`, or the x-onyxia-commands header for PUT).
import type { FastifyInstance } from "fastify";
import {
  applyEdit,
  diffEdit,
  launch,
  lifecycleCaller,
  LifecycleRuntime,
  onboard,
  revisions,
  rollback,
  setSuspended,
  uninstall,
  uninstallAll,
  updateMeta,
  type EditRequest,
  type LaunchRequest,
  type LifecycleOptions,
} from "../../lifecycle/index.ts";
import { namespaceCommands } from "../../lifecycle/namespace.ts";
import { validReleaseName } from "../../lifecycle/releases.ts";
import { callerOf } from "../../domain/caller.ts";
import { ForbiddenError } from "../../domain/errors.ts";
import { callerContext } from "../../http/request-caller.ts";
import { translated as problems } from "../../platform/translate-errors.ts";
import type { ApiContext } from "../context.ts";
import { errorResponses, onyxiaHeaders } from "../schemas.ts";
import {
  deleteQuery,
  editBody,
  launchBody,
  onboardingBody,
  renameBody,
  rollbackBody,
  serviceBody,
  shareBody,
} from "./body-schemas.ts";
import { asciiJson, COMMANDS_HEADER, RELEASE_HEADER } from "./headers.ts";

declare module "fastify" {
  interface FastifyInstance {
    onyxiaLifecycle: LifecycleRuntime;
  }
}

const tags = ["my-lab"];
const errors = errorResponses(400, 401, 403, 404, 409, 500, 502, 503, 504);

export async function registerLifecycleRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  options: LifecycleOptions = {},
): Promise<void> {
  const runtime = new LifecycleRuntime(ctx.config, app.log, options);
  app.decorate("onyxiaLifecycle", runtime);
  app.addHook("onClose", async () => runtime.close());
  const deps = {
    catalogs: ctx.catalogs,
    schemas: ctx.schemas,
    runtime,
    ...(options.random ? { random: options.random } : {}),
  };
  const caller = async (request: Parameters<typeof callerContext>[0]) =>
    lifecycleCaller(await callerContext(request, ctx), runtime);

  await app.register(
    async (api) => {
      api.put<{ Body: LaunchRequest }>(
        "/my-lab/app",
        {
          schema: {
            tags,
            summary: "Launch a service (helm install); returns [manifest]",
            headers: onyxiaHeaders,
            body: launchBody,
            response: errors,
          },
        },
        async (request, reply) =>
          problems(async () => {
            const result = await launch(deps, await caller(request), request.body);
            // The values heredoc stays out of the header (the caller sent those values; a big header breaks proxies).
            const commands = result.commands.filter((c) => !c.startsWith("cat << EOF"));
            void reply
              .header("server-timing", result.timer.header())
              .header(RELEASE_HEADER, result.release)
              .header(COMMANDS_HEADER, asciiJson(commands));
            return [result.manifest];
          }),
      );

      api.delete<{ Querystring: { path: string; bulk: boolean } }>(
        "/my-lab/app",
        {
          schema: {
            tags,
            summary: "Uninstall one service, or (bulk) every service the caller may delete",
            headers: onyxiaHeaders,
            querystring: deleteQuery,
            response: errors,
          },
        },
        async (request) =>
          problems(async () => {
            const c = await caller(request);
            if (request.query.bulk) return uninstallAll(deps, c);
            return uninstall(deps, c, validReleaseName(request.query.path, "path"));
          }),
      );

      const serviceAction = <B extends { serviceID: string }>(
        path: string,
        summary: string,
        body: object,
        run: (c: Awaited<ReturnType<typeof caller>>, b: B) => Promise<unknown>,
      ) =>
        api.post<{ Body: B }>(
          path,
          { schema: { tags, summary, headers: onyxiaHeaders, body, response: errors } },
          async (request) =>
            problems(async () => {
              const body = request.body as B;
              validReleaseName(body.serviceID);
              return run(await caller(request), body);
            }),
        );

      serviceAction<{ serviceID: string; friendlyName: string }>(
        "/my-lab/app/rename",
        "Rename a service (its friendly name)",
        renameBody,
        (c, b) => updateMeta(deps, c, b.serviceID, { friendlyName: b.friendlyName }),
      );
      serviceAction<{ serviceID: string; share: boolean }>(
        "/my-lab/app/share",
        "Share a service with the project, or stop sharing it",
        shareBody,
        (c, b) => updateMeta(deps, c, b.serviceID, { share: b.share }),
      );
      serviceAction(
        "/my-lab/app/suspend",
        "Suspend a service (global.suspend=true)",
        serviceBody,
        (c, b) => setSuspended(deps, c, b.serviceID, true),
      );
      serviceAction(
        "/my-lab/app/resume",
        "Resume a suspended service (global.suspend=false)",
        serviceBody,
        (c, b) => setSuspended(deps, c, b.serviceID, false),
      );
      serviceAction<EditRequest>(
        "/my-lab/app/diff",
        "What an edit would change: values, rendered manifest, quota",
        editBody,
        (c, b) => diffEdit(deps, c, b),
      );
      api.post<{ Body: EditRequest }>(
        "/my-lab/app/upgrade",
        {
          schema: {
            tags,
            summary: "Apply an edit: helm upgrade with the new values (they replace the old ones)",
            headers: onyxiaHeaders,
            body: editBody,
            response: errors,
          },
        },
        async (request, reply) =>
          problems(async () => {
            validReleaseName(request.body.serviceID);
            const { result, timer } = await applyEdit(deps, await caller(request), request.body);
            void reply.header("server-timing", timer.header());
            return result;
          }),
      );
      serviceAction<{ serviceID: string; revision: number }>(
        "/my-lab/app/rollback",
        "Roll a service back to a kept revision",
        rollbackBody,
        (c, b) => rollback(deps, c, b.serviceID, b.revision),
      );
      api.get<{ Querystring: { serviceId: string } }>(
        "/my-lab/app/revisions",
        {
          schema: {
            tags,
            summary: "The kept revisions of a service (helm history)",
            headers: onyxiaHeaders,
            querystring: {
              type: "object",
              required: ["serviceId"],
              properties: { serviceId: { type: "string", maxLength: 253 } },
            },
            response: errors,
          },
        },
        async (request) =>
          problems(async () =>
            revisions(
              deps,
              await caller(request),
              validReleaseName(request.query.serviceId, "serviceId"),
            ),
          ),
      );

      api.post<{ Body: { group?: string } | null }>(
        "/onboarding",
        {
          schema: {
            tags: ["onboarding"],
            summary: "Create or refresh the project namespace, RoleBinding and quota",
            headers: onyxiaHeaders,
            body: onboardingBody,
            response: errors,
          },
        },
        async (request) =>
          problems(async () => {
            const base = await callerContext(request, ctx);
            const group = request.body?.group;
            let project = base.projects[0];
            if (group !== undefined) {
              project = base.projects.find((p) => p.group === group);
              if (!project)
                throw new ForbiddenError(
                  `You are not a member of group ${JSON.stringify(group.slice(0, 100))}`,
                );
            }
            if (!project) throw new ForbiddenError("You have no project in this region");
            const c = await lifecycleCaller(callerOf({ ...base, project }), runtime);
            const request_ = {
              namespace: project.namespace,
              owner: c.owner,
              region: c.region,
              roles: c.user.roles,
              attributes: c.user.attributes,
            };
            const { created } = await onboard(c.cluster.kube, request_);
            if (created)
              runtime.events({
                type: "onboarding.createNamespace",
                username: c.user.idep,
                namespace: project.namespace,
                region: c.region.id,
              });
            return { namespace: project.namespace, created, commands: namespaceCommands(request_) };
          }),
      );
    },
    { prefix: ctx.config.server.basePath },
  );
}
