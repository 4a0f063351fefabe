// oidc-provider configuration: public PKCE clients, RS256 JWT access tokens (resource
// indicators with a default resource) carrying the same user claims as the ID token.
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { OidcSecrets } from "./keys.ts";
import { claimsFor, findUserBySub, PUBLIC_CLIENT_IDS, REDIRECT_URI_PREFIXES } from "./users.ts";

/** The resource every access token is minted for; its audience is the requesting client's id. */
export const STACK_RESOURCE = "urn:onyxia-ts:stack";
const ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;
const ALL_CLAIMS = [
  "sub",
  "preferred_username",
  "email",
  "email_verified",
  "name",
  "groups",
  "roles",
  "policy",
];

function userClaims(accountId: string | undefined): Record<string, unknown> {
  const user = accountId ? findUserBySub(accountId) : undefined;
  return user ? claimsFor(user) : {};
}

const WEB_ORIGINS = new Set(REDIRECT_URI_PREFIXES.map((prefix) => new URL(prefix).origin));

export function createProvider(issuer: string, secrets: OidcSecrets): Provider {
  const configuration: Configuration = {
    clients: PUBLIC_CLIENT_IDS.map((clientId) => ({
      client_id: clientId,
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: REDIRECT_URI_PREFIXES,
      post_logout_redirect_uris: REDIRECT_URI_PREFIXES,
    })),
    jwks: secrets.jwks as Configuration["jwks"],
    cookies: { keys: secrets.cookieKeys },
    pkce: { required: () => true },
    // The web app calls /token from the browser: allow the origins it is served from (a Keycloak
    // client's "web origins"), nothing else.
    clientBasedCORS: (_ctx: KoaContextWithOIDC, origin: string) => WEB_ORIGINS.has(origin),
    // Every claim under `openid`, and all of them in the ID token too (Onyxia reads groups there).
    claims: { openid: ALL_CLAIMS },
    conformIdTokenClaims: false,
    scopes: ["openid", "profile", "email", "groups", "offline_access"],
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const user = findUserBySub(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ ...claimsFor(user), sub }) };
    },
    extraTokenClaims: (_ctx: KoaContextWithOIDC, token: { kind: string; accountId?: string }) => {
      if (token.kind !== "AccessToken") return undefined;
      const { sub: _sub, ...claims } = userClaims(token.accountId);
      return claims;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // Sign out without a confirmation click (browser tests log out too).
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = "html";
          ctx.body = `<!doctype html><title>Signing out</title>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="logout">Sign out</button>
<script>document.getElementById("logout").click()</script>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => STACK_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (
          _ctx: KoaContextWithOIDC,
          _resource: string,
          client: { clientId: string },
        ) => ({
          scope: "openid profile email groups",
          audience: client.clientId,
          accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    // First-party clients only: grant what was asked instead of showing a consent page.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { provider, client, session, params, resourceServers } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await provider.Grant.find(grantId) : undefined) ??
        new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(String(params?.scope ?? "openid"));
      grant.addOIDCClaims(ALL_CLAIMS);
      for (const [indicator, server] of Object.entries<{ scope: string }>(resourceServers ?? {})) {
        grant.addResourceScope(indicator, server.scope);
      }
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) =>
        `/interaction/${interaction.uid}`,
    },
    renderError: (ctx: KoaContextWithOIDC, out: Record<string, unknown>) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>Login error</title><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  allowRedirectPrefixes(provider);
  return provider;
}

// Onyxia registers redirect URIs with a trailing wildcard (Keycloak style); oidc-provider matches
// exactly, so accept any URI below a registered prefix.
function allowRedirectPrefixes(provider: Provider): void {
  const below = (uri: string) => REDIRECT_URI_PREFIXES.some((prefix) => uri.startsWith(prefix));
  const client = provider.Client.prototype as unknown as {
    redirectUriAllowed(uri: string): boolean;
    postLogoutRedirectUriAllowed(uri: string): boolean;
  };
  client.redirectUriAllowed = below;
  client.postLogoutRedirectUriAllowed = below;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
