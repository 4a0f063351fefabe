// The OpenAPI 3 document, generated from the route schemas, at <prefix>/v3/api-docs (as Onyxia).
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

/** Must be registered before the routes it documents. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "onyxia-ts API",
        description: "Onyxia-compatible datalab API: catalogs, chart schemas, user and projects.",
        version,
      },
      tags: [
        { name: "public", description: "No authentication" },
        { name: "user", description: "The caller" },
        { name: "profile", description: "The declarative user-profile form" },
        { name: "my-lab", description: "Catalogs and charts as the caller sees them" },
        { name: "admin", description: "The platform admin view (members of admin.roles only)" },
      ],
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
    },
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get("/v3/api-docs", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(JSON.stringify(app.swagger())),
  );
}
