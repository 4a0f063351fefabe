// The OpenID Connect session as the session use case sees it. Implemented with oidc-client-ts by
// adapters/oidcClient.ts, loaded only when the configuration has an `oidcConfiguration`.
import type { OidcConfiguration } from "@onyxia-ts/core";

export interface Oidc {
  /** Whether a user is logged in right now (silent renew may replace the user in the background). */
  isLoggedIn(): boolean;
  /** The current access token; undefined when nobody is logged in. */
  accessToken(): string | undefined;
  /** The decoded ID token's claims ({} when nobody is logged in): S3 profiles and bookmarks are templated from them. */
  idTokenClaims(): Record<string, unknown>;
  login(): void;
  logout(): void;
  /** After a login redirect: where the user was (the router must go there, it saw the callback URL). */
  returnTo: string | undefined;
}

/** Starts the OIDC session for this page load (finishing a login redirect if this load is one). */
export type StartOidc = (configuration: OidcConfiguration) => Promise<Oidc>;
