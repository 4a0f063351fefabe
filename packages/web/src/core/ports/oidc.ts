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
  /**
   * An access token of another client of the provider (Onyxia's per-service `oidcConfiguration`,
   * e.g. `sts.oidcConfiguration` with the S3 store's own client id or audience), obtained
   * silently with the provider's session and renewed when expired. Rejects with a clear error
   * when the provider asks for an interaction (the user must log in again).
   */
  accessTokenFor?(override: OidcClientOverride): Promise<string>;
  login(): void;
  logout(): void;
  /** After a login redirect: where the user was (the router must go there, it saw the callback URL). */
  returnTo: string | undefined;
}

/** What a service's `oidcConfiguration` may change; unset fields are the app's own. */
export type OidcClientOverride = Partial<
  Pick<OidcConfiguration, "issuerURI" | "clientID" | "scope" | "extraQueryParams" | "audience">
>;

/** Starts the OIDC session for this page load (finishing a login redirect if this load is one). */
export type StartOidc = (configuration: OidcConfiguration) => Promise<Oidc>;
