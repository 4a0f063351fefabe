// Whose rights a request uses on Kubernetes, from the region's `services.authenticationMode`
// (reference §1.5, §2.2): the server's own service account, the user impersonated, or the user's
// own access token passed through. Kubernetes then enforces the namespace boundary itself, even
// if a check of ours were bypassed.
import type { Region } from "@onyxia-ts/core";
import { InternalError } from "../domain/errors.ts";
import type { User } from "./types.ts";

export type KubeIdentity =
  | { mode: "serviceAccount" }
  /** Impersonate-User `<usernamePrefix><idep>`, Impersonate-Group `<groupPrefix><group>` each. */
  | { mode: "impersonate"; user: string; groups: string[] }
  /** The caller's raw OIDC access token, as the Kubernetes bearer token. */
  | { mode: "tokenPassthrough"; token: string };

// Header values cannot carry control characters; such a group is never a Kubernetes group anyway.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HEADER_SAFE = /^[^\0-\x1f\x7f]+$/;

export function kubeIdentityFor(user: User, region: Region): KubeIdentity {
  const services = region.services;
  switch (services.authenticationMode) {
    case "impersonate":
      return {
        mode: "impersonate",
        user: (services.usernamePrefix ?? "") + user.idep,
        groups: user.groups
          .filter((g) => HEADER_SAFE.test(g))
          .map((g) => (services.groupPrefix ?? "") + g),
      };
    case "tokenPassthrough": {
      const token = user.attributes.access_token;
      if (typeof token !== "string" || token === "") {
        // Only reachable when authentication.mode is none, which the config refuses with this mode.
        throw new InternalError(
          `Region "${region.id}" passes the user's token to Kubernetes, but the request has none`,
        );
      }
      return { mode: "tokenPassthrough", token };
    }
    default: // "serviceAccount" and its alias "admin".
      return { mode: "serviceAccount" };
  }
}

/**
 * Extra HTTP headers for a raw Kubernetes API call made with the server's credentials.
 * Impersonate-Group repeats once per group (Kubernetes does not split a comma list), hence arrays.
 */
export function kubeRequestHeaders(identity: KubeIdentity): Record<string, string | string[]> {
  switch (identity.mode) {
    case "impersonate":
      return {
        "Impersonate-User": identity.user,
        ...(identity.groups.length > 0 ? { "Impersonate-Group": identity.groups } : {}),
      };
    case "tokenPassthrough":
      // Replaces the server's credentials: the call must not also present a client certificate.
      return { Authorization: `Bearer ${identity.token}` };
    default:
      return {};
  }
}

/** The helm runner's identity fields (`--kube-as-user`, `--kube-as-group`, token through the environment). */
export function helmIdentityFields(identity: KubeIdentity): {
  asUser?: string;
  asGroups?: string[];
  token?: string;
} {
  switch (identity.mode) {
    case "impersonate":
      return { asUser: identity.user, asGroups: identity.groups };
    case "tokenPassthrough":
      return { token: identity.token };
    default:
      return {};
  }
}

/** A log-safe description (never the token). */
export function describeKubeIdentity(identity: KubeIdentity): string {
  if (identity.mode === "impersonate") return `impersonate ${identity.user}`;
  return identity.mode;
}
