// /my-lab catalogs, chart versions and resolved chart schemas (reference §1.2).
import type { FastifyInstance } from "fastify";
import { sendPrecomputed } from "../http/send-precomputed.ts";
import { NotFoundError } from "../domain/errors.ts";
import { assertCatalogAllowed } from "../features/catalogs/index.ts";
import { allowedChartVersion, resolvedChartSchema } from "../features/chart-schema/index.ts";
import { callerContext } from "../http/request-caller.ts";
import type { ApiContext } from "./context.ts";
import {
  catalogIdParam,
  catalogsSchema,
  chartNameParam,
  chartSchema,
  errorResponses,
  onyxiaHeaders,
  openObject,
  versionParam,
} from "./api-schemas.ts";

const tags = ["my-lab"];

// resolveSchema memoizes and freezes its results, so their JSON text can be kept alongside.
const serialized = new WeakMap<object, string>();
function schemaText(resolved: object): string {
  let text = serialized.get(resolved);
  if (text === undefined) {
    text = JSON.stringify(resolved);
    serialized.set(resolved, text);
  }
  return text;
}
const quote = JSON.stringify;

interface ChartParams {
  catalogId: string;
  chartName: string;
}

export function registerCatalogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/my-lab/catalogs",
    {
      schema: {
        tags,
        summary: "The catalogs the caller may see (catalog restrictions applied)",
        headers: onyxiaHeaders,
        response: { 200: catalogsSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { user } = await callerContext(request, ctx);
      return sendPrecomputed(request, reply, ctx.catalogs.catalogsBody(user.attributes));
    },
  );

  app.get<{ Params: ChartParams }>(
    "/my-lab/catalogs/:catalogId/charts/:chartName",
    {
      schema: {
        tags,
        summary: "Every kept version of a chart, newest first",
        headers: onyxiaHeaders,
        params: {
          type: "object",
          properties: { catalogId: catalogIdParam, chartName: chartNameParam },
          required: ["catalogId", "chartName"],
        },
        response: {
          200: { type: "array", items: chartSchema },
          ...errorResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { user } = await callerContext(request, ctx);
      const { catalogId, chartName } = request.params;
      const text = assertCatalogAllowed(ctx.catalogs, user, catalogId).chartVersionsJsonText(
        chartName,
      );
      if (text === undefined)
        throw new NotFoundError(
          `Chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`,
        );
      return reply.type("application/json; charset=utf-8").send(text);
    },
  );

  app.get<{ Params: ChartParams & { version: string } }>(
    "/my-lab/schemas/:catalogId/charts/:chartName/versions/:version",
    {
      schema: {
        tags,
        summary:
          "The chart's values.schema.json, resolved for the caller's roles; empty when the chart has none",
        headers: onyxiaHeaders,
        params: {
          type: "object",
          properties: {
            catalogId: catalogIdParam,
            chartName: chartNameParam,
            version: versionParam,
          },
          required: ["catalogId", "chartName", "version"],
        },
        response: {
          200: openObject("A JSON Schema (or an empty body)"),
          ...errorResponses(400, 401, 403, 404, 500, 503),
        },
      },
    },
    async (request, reply) => {
      const { user } = await callerContext(request, ctx);
      const { catalogId, chartName, version } = request.params;
      const chart = allowedChartVersion(ctx.catalogs, user, catalogId, chartName, version);
      const where = `chart ${quote(chartName)} ${version} in catalog ${quote(catalogId)}`;
      const resolved = resolvedChartSchema(chart, ctx.schemas, user.roles, where);
      if (resolved === null) return reply.code(200).send();
      return reply.type("application/json; charset=utf-8").send(schemaText(resolved));
    },
  );
}
