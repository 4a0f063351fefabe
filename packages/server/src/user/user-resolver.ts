// Who is calling. The auth mode plugs in here: `none` always answers the same default user; an
// OIDC resolver verifies the bearer token and builds the user from its claims.
import type { IncomingCall } from "./incoming-call.ts";
import { clientIp } from "./client-ip.ts";
import type { User } from "./types.ts";

export interface UserResolver {
  /** The caller, or null when anonymous. Throws HttpProblem(401) for an invalid credential. */
  resolve(request: IncomingCall): Promise<User | null>;
}

/** Onyxia's hard-coded user when `authentication.mode` is `none`. */
export function noAuthUser(ip: string): User {
  return {
    idep: "default",
    email: "toto@tld.fr",
    nomComplet: "John doe",
    ip,
    groups: [],
    roles: [],
    attributes: {},
  };
}

export function createNoAuthResolver(): UserResolver {
  return { resolve: async (request) => noAuthUser(clientIp(request)) };
}
