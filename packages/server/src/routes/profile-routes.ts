// /profile/schema: the declarative user-profile schema (reference §1.2, §9). Onyxia's web awaits
// it at startup for every user: 200 with the schema, or 200 with an empty body when none is
// configured (what onyxia-api answers; the web reads the empty string as "no profile form").
import type { FastifyInstance } from "fastify";
import { profileSchemaFor } from "../features/profile-schema/index.ts";
import { requireUser } from "../http/request-caller.ts";
import { errorResponses, onyxiaHeaders } from "./api-schemas.ts";
import type { ApiContext } from "./context.ts";

export function registerProfileRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/profile/schema",
    {
      schema: {
        tags: ["profile"],
        summary:
          "The declarative user-profile JSON Schema (profile.schema.directory/default), or an empty body when none is configured",
        headers: onyxiaHeaders,
        response: {
          200: {
            description: "The profile schema; an empty body (no content type) when there is none",
            type: "object",
            additionalProperties: true,
          },
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      const user = await requireUser(request, ctx);
      const schema = profileSchemaFor(ctx.profile, user);
      if (schema === undefined) return reply.code(200).send();
      return schema;
    },
  );
}
