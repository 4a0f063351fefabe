// /my-lab catalogs, chart versions and resolved chart schemas (reference §1.2).
import { resolveSchema, SchemaResolutionError } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { sendPrecomputed, type CatalogSnapshot } from "../catalogs/index.ts";
import { HttpProblem, notFound } from "../http/problem.ts";
import { callerContext } from "./caller.ts";
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
} from "./schemas.ts";

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

/** The catalog, or a 404/503 that says whether it is unknown, still loading, or failed. */
function loadedCatalog(ctx: ApiContext, catalogId: string): CatalogSnapshot {
  const snapshot = ctx.catalogs.get(catalogId);
  if (!snapshot) throw notFound(`Unknown catalog ${quote(catalogId)}`);
  if (snapshot.content === undefined) {
    const why = snapshot.error ? `failed to load: ${snapshot.error}` : "is still loading, retry in a moment";
    throw new HttpProblem(503, `Catalog ${quote(catalogId)} ${why}`);
  }
  return snapshot;
}

export function registerMyLabRoutes(app: FastifyInstance, ctx: ApiContext): void {
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
        params: { type: "object", properties: { catalogId: catalogIdParam, chartName: chartNameParam }, required: ["catalogId", "chartName"] },
        response: { 200: { type: "array", items: chartSchema }, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await callerContext(request, ctx);
      const { catalogId, chartName } = request.params;
      const text = loadedCatalog(ctx, catalogId).chartVersionsJsonText(chartName);
      if (text === undefined) throw notFound(`Chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`);
      return reply.type("application/json; charset=utf-8").send(text);
    },
  );

  app.get<{ Params: ChartParams & { version: string } }>(
    "/my-lab/schemas/:catalogId/charts/:chartName/versions/:version",
    {
      schema: {
        tags,
        summary: "The chart's values.schema.json, resolved for the caller's roles; empty when the chart has none",
        headers: onyxiaHeaders,
        params: {
          type: "object",
          properties: { catalogId: catalogIdParam, chartName: chartNameParam, version: versionParam },
          required: ["catalogId", "chartName", "version"],
        },
        response: { 200: openObject("A JSON Schema (or an empty body)"), ...errorResponses(400, 401, 403, 404, 500, 503) },
      },
    },
    async (request, reply) => {
      const { user } = await callerContext(request, ctx);
      const { catalogId, chartName, version } = request.params;
      const snapshot = loadedCatalog(ctx, catalogId);
      const versions = snapshot.content?.charts.get(chartName);
      if (!versions) throw notFound(`Chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`);
      const chart = versions.find((v) => v.entry.version === version);
      if (!chart) throw notFound(`Version ${quote(version)} of chart ${quote(chartName)} not found in catalog ${quote(catalogId)}`);
      const schema = chart.files.valuesSchema;
      if (schema === null) return reply.code(200).send();
      try {
        const resolved = resolveSchema(schema, { registry: ctx.schemas, roles: user.roles });
        return reply.type("application/json; charset=utf-8").send(schemaText(resolved));
      } catch (error) {
        if (!(error instanceof SchemaResolutionError)) throw error;
        throw new HttpProblem(
          500,
          `The schema of chart ${quote(chartName)} ${version} in catalog ${quote(catalogId)} cannot be resolved: ` +
            `${error.message} (ref ${quote(error.ref)} at ${error.path || "the root"})`,
          { title: "Invalid chart schema" },
        );
      }
    },
  );
}
