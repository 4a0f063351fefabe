// Per-user rate limit on mutating calls (install, delete, suspend…): each one runs helm or writes
// to Kubernetes, so one user (or a stolen token) must not be able to flood the cluster. Reads are
// not limited here. Over the limit: 429 problem+json with Retry-After.
import rateLimit from "@fastify/rate-limit";
import type { RateLimitConfig } from "@onyxia-ts/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { clientIp } from "../../user/client-ip.ts";
import { HttpProblem } from "../problem.ts";
import { MUTATING_METHODS } from "./route-inventory.ts";

/** Resolves the caller's username; null when anonymous or the credential is invalid. */
export type UsernameOf = (request: FastifyRequest) => Promise<string | null>;

export async function registerRateLimit(
  app: FastifyInstance,
  config: RateLimitConfig,
  usernameOf: UsernameOf,
): Promise<void> {
  if (config.max <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: config.max,
    timeWindow: config.windowSeconds * 1000,
    // Before the body is parsed: a flood costs as little as possible.
    hook: "onRequest",
    allowList: (request) => !MUTATING_METHODS.has(request.method),
    keyGenerator: async (request) => {
      if (!MUTATING_METHODS.has(request.method)) return "reads";
      // Anonymous and invalid callers are counted by address (the route then answers 401).
      const username = await usernameOf(request).catch(() => null);
      return username === null ? `ip:${clientIp(request)}` : `user:${username}`;
    },
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        `Too many changes: at most ${context.max} per ${config.windowSeconds} s per user; retry in ${context.after}`,
      ),
  });
}
