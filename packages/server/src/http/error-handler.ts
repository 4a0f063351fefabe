// The one place where failures become HTTP: every error leaves as problem+json. Domain errors
// (and Kubernetes/helm failures, through the one translator) get their status and detail;
// unexpected ones are logged with their stack but the client only gets a generic message (no
// internals, no secrets).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type DomainErrorKind } from "../domain/errors.ts";
import { toDomainError } from "../platform/translate-errors.ts";
import {
  HttpProblem,
  PROBLEM_CONTENT_TYPE,
  statusTitle,
  VALIDATION_FAILED,
  type ProblemBody,
} from "./problem.ts";

/**
 * The HTTP status of each kind of domain error. Where onyxia-api has no handler (its cluster
 * unreachable: Spring's 500) we answer the more precise 503/502/504: Onyxia's web treats every
 * non-2xx of those calls alike (a launch leaves its overlay, as with onyxia-api's 500). The
 * statuses that client branches on are kept exactly (issue 10, item 4): the quota's 403
 * (disabled), onboarding's 409/400 (already done), /profile/schema's empty 200, and the 400
 * "Validation failed" with `errors[]` (test/onyxia-web/onyxia-web-client.test.ts).
 */
export const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "too-many-requests": 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
  timeout: 504,
};

/** The problem+json body of a domain error. */
export function domainProblem(error: DomainError, instance?: string): ProblemBody {
  const status = STATUS_OF[error.kind];
  return {
    title: error.title ?? statusTitle(status),
    status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  const withId: ProblemBody = { ...body, requestId: reply.request.id };
  const sent =
    body.title === VALIDATION_FAILED && body.errors
      ? { ...withId, message: VALIDATION_FAILED }
      : withId;
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(sent);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? request.url;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const instance = pathOf(request);
    const error = toDomainError(thrown) as FastifyError;
    if (error instanceof DomainError) return sendProblem(reply, domainProblem(error, instance));
    if (error instanceof HttpProblem) {
      return sendProblem(reply, error.toBody(instance));
    }
    if (error.validation) {
      // Fastify's schema validation of params/query/body/headers.
      const where = error.validationContext ?? "request";
      const errors = error.validation.map((v) =>
        `${where}${v.instancePath || ""} ${v.message ?? "is invalid"}`.trim(),
      );
      return sendProblem(reply, {
        title: VALIDATION_FAILED,
        status: 400,
        detail: `Invalid ${where}: ${errors.join("; ")}`,
        instance,
        errors,
      });
    }
    const status =
      typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return sendProblem(reply, {
        title: statusTitle(500),
        status: 500,
        detail: "An unexpected error occurred; see the server log.",
        instance,
      });
    }
    // Fastify's own 4xx (payload too large, bad JSON, unsupported media type…): their messages are safe.
    return sendProblem(reply, {
      title: statusTitle(status),
      status,
      detail: error.message,
      instance,
    });
  });
}
