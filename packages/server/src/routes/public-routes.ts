// /public/**: no authentication (reference §1.2).
import { toPublicRegion } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { sendPrecomputed } from "../http/send-precomputed.ts";
import { clientIp } from "../user/index.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { ApiContext } from "./context.ts";
import { catalogsSchema, errorResponses, openObject, regionSchema } from "./api-schemas.ts";

const tags = ["public"];

export function registerPublicRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { config } = ctx;
  // Regions are fixed for the process lifetime: strip credentials once.
  const publicRegions = config.regions.map(toPublicRegion);

  app.get(
    "/public/configuration",
    {
      schema: {
        tags,
        summary: "Build info, regions, and the OIDC settings the web needs to log in",
        response: {
          200: {
            type: "object",
            properties: {
              build: {
                type: "object",
                properties: { version: { type: "string" }, timestamp: { type: "integer" } },
              },
              regions: { type: "array", items: regionSchema },
              oidcConfiguration: openObject(
                "Present only when authentication.mode is openidconnect",
              ),
            },
            required: ["build", "regions"],
          },
        },
      },
    },
    async () => ({
      build: ctx.build,
      regions: publicRegions,
      ...(config.authentication.mode === "openidconnect"
        ? { oidcConfiguration: oidcConfiguration(ctx) }
        : {}),
    }),
  );

  app.get(
    "/public/regions",
    {
      schema: {
        tags,
        summary: "The configured regions",
        response: { 200: { type: "array", items: regionSchema } },
      },
    },
    async () => publicRegions,
  );

  app.get(
    "/public/catalogs",
    {
      schema: {
        tags,
        summary: "Catalogs without restrictions, as an anonymous user sees them",
        response: { 200: catalogsSchema },
      },
    },
    // Precomputed bytes with an ETag and gzip: the web fetches this on every catalog page.
    async (request, reply) => sendPrecomputed(request, reply, ctx.catalogs.catalogsBody(null)),
  );

  const healthSchema = {
    type: "object",
    description: "Anonymous callers get the status only; the details need authentication",
    properties: {
      status: { type: "string", enum: ["UP", "DOWN"] },
      identityProvider: {
        type: "object",
        properties: { status: { type: "string" }, error: { type: "string" } },
      },
      catalogs: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            status: { type: "string" },
            lastUpdateTime: { type: "integer" },
            error: { type: "string" },
            lint: {
              type: "object",
              description:
                "Catalog lint findings of the kept chart versions (server log: one line each)",
              properties: {
                errors: { type: "integer" },
                warnings: { type: "integer" },
                chartVersions: { type: "integer" },
              },
            },
          },
        },
      },
    },
  } as const;
  app.get(
    "/public/healthcheck",
    {
      schema: {
        tags,
        summary:
          "200 once every catalog loaded at least once and the identity provider answers, else 500 (liveness/readiness probe)",
        response: { 200: healthSchema, 500: healthSchema },
      },
    },
    async (request, reply) => {
      const idp = ctx.users.health ? await ctx.users.health() : undefined;
      const healthy = ctx.catalogs.isHealthy() && idp?.status !== "DOWN";
      const status = healthy ? "UP" : "DOWN";
      reply.code(healthy ? 200 : 500);
      // Catalog ids (restricted ones too), their URLs and lint counts are for signed-in callers.
      const user = await ctx.users.resolve(request).catch(() => null);
      if (!user) return reply.send({ status });
      return reply.send({
        status,
        catalogs: ctx.catalogs.health(),
        ...(idp ? { identityProvider: idp } : {}),
      });
    },
  );

  app.get(
    "/public/readiness",
    {
      schema: {
        tags,
        summary:
          "200 once the catalogs have loaded and every region's Kubernetes API answered, 503 before and during shutdown (readiness probe)",
        response: {
          200: {
            type: "object",
            properties: { status: { type: "string", enum: ["UP"] } },
            required: ["status"],
          },
          503: {
            type: "object",
            properties: {
              status: { type: "string", enum: ["DOWN"] },
              reasons: { type: "array", items: { type: "string" } },
            },
            required: ["status", "reasons"],
          },
        },
      },
    },
    async (_request, reply) => {
      const reasons = ctx.lifecycle.notReadyBecause();
      if (reasons.length === 0) return { status: "UP" };
      return reply.code(503).send({ status: "DOWN", reasons });
    },
  );

  app.get(
    "/public/ip",
    {
      schema: {
        tags,
        summary: "The caller's IP address (forwarding headers first)",
        response: {
          200: { type: "object", properties: { ip: { type: "string" } }, required: ["ip"] },
        },
      },
    },
    async (request) => ({ ip: clientIp(request) }),
  );

  const roleQuery = {
    type: "object",
    properties: { role: { type: "string", maxLength: 200 } },
    additionalProperties: false,
  } as const;
  app.get<{ Querystring: { role?: string } }>(
    "/public/schemas",
    {
      schema: {
        tags,
        summary: "Every registry schema by key, with the role's own schemas overlaid",
        querystring: roleQuery,
        response: { 200: openObject("Schema key → JSON Schema") },
      },
    },
    async (request) => ctx.schemas.list(request.query.role),
  );

  app.get<{ Params: { "*": string }; Querystring: { role?: string } }>(
    "/public/schemas/*",
    {
      schema: {
        tags,
        summary: "One registry schema; keys may contain slashes (ide/resources.json)",
        params: { type: "object", properties: { "*": { type: "string", maxLength: 300 } } },
        querystring: roleQuery,
        response: { 200: openObject("A JSON Schema"), ...errorResponses(404) },
      },
    },
    async (request) => {
      const key = request.params["*"];
      const role = request.query.role;
      const schema = ctx.schemas.get(key, role === undefined ? [] : [role]);
      if (schema === undefined)
        throw new NotFoundError(
          `No schema ${JSON.stringify(key)}${role ? ` for role ${JSON.stringify(role)}` : ""}`,
        );
      return schema;
    },
  );
}

/** Onyxia's `oidcConfiguration` block, what the web's OIDC client is initialised with. */
function oidcConfiguration(ctx: ApiContext): Record<string, unknown> {
  const oidc = ctx.config.oidc;
  const block: Record<string, unknown> = {
    issuerURI: oidc.issuerUri,
    clientID: oidc.clientId,
    scope: oidc.scope,
  };
  if (oidc.extraQueryParams !== undefined) block.extraQueryParams = oidc.extraQueryParams;
  if (oidc.idleSessionLifetimeInSeconds !== undefined)
    block.idleSessionLifetimeInSeconds = oidc.idleSessionLifetimeInSeconds;
  if (oidc.audience !== undefined) block.audience = oidc.audience;
  return block;
}
