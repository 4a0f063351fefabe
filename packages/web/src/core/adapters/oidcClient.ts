// OIDC authorization code + PKCE with oidc-client-ts, configured from /public/configuration's
// `oidcConfiguration` (Onyxia's block). The redirect comes back to the app's root; the page the
// user was on travels in the `state` and is restored after the code exchange.
import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";
import type { OidcConfiguration } from "@onyxia-ts/core";
import type { Oidc, OidcClientOverride, StartOidc } from "../ports/oidc.ts";

interface OidcSession {
  manager: UserManager;
  user: User | null;
  returnTo?: string;
}

interface ReturnState {
  returnTo: string;
}

function isCallback(url: URL): boolean {
  return (
    url.searchParams.has("state") && (url.searchParams.has("code") || url.searchParams.has("error"))
  );
}

/** `extraQueryParams` is Onyxia's "a=b&c=d" string. */
export function parseExtraQueryParams(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const [key, value] of new URLSearchParams(raw)) out[key] = value;
  return out;
}

/**
 * The configuration of another client of the provider: the app's, with the override's fields
 * (Onyxia merges a service's `oidcConfiguration` over the main one the same way).
 */
export function overriddenConfiguration(
  main: OidcConfiguration,
  override: OidcClientOverride,
): OidcConfiguration {
  const defined = Object.fromEntries(
    Object.entries(override).filter(([, v]) => typeof v === "string" && v !== ""),
  ) as OidcClientOverride;
  return { ...main, ...defined };
}

export function createUserManager(
  conf: OidcConfiguration,
  origin = window.location.origin,
  /** Keeps a second client's tokens apart from the app's in localStorage. */
  storePrefix = "oidc.",
): UserManager {
  // Optional in the contract (the server omits what it is not configured with).
  if (!conf.issuerURI || !conf.clientID) {
    throw new Error(
      `The server's OIDC configuration has no ${conf.issuerURI ? "clientID" : "issuerURI"}`,
    );
  }
  return new UserManager({
    authority: conf.issuerURI,
    client_id: conf.clientID,
    redirect_uri: `${origin}/`,
    silent_redirect_uri: `${origin}/?oidc-silent=1`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: "code",
    scope: conf.scope ?? "openid profile",
    automaticSilentRenew: true,
    extraQueryParams: {
      ...parseExtraQueryParams(conf.extraQueryParams),
      ...(conf.audience ? { audience: conf.audience } : {}),
    },
    // localStorage: a link opened in a new tab keeps the session, as users expect (sessionStorage is per tab).
    userStore: new WebStorageStateStore({ store: window.localStorage, prefix: storePrefix }),
  });
}

/**
 * Starts the OIDC session: finishes a login redirect if this page load is one, else restores
 * the stored user (dropping an expired one). The app continues anonymous when there is none.
 */
export const startOidc: StartOidc = async (conf) => {
  // Once per page load: a login code can be exchanged only once (React's StrictMode runs loaders twice).
  started ??= startOnce(conf);
  const { manager, user, returnTo } = await started;
  // Read at each call: silent renew replaces the user (and its token) in the background.
  let current = user;
  manager.events.addUserLoaded((loaded) => {
    current = loaded;
  });
  manager.events.addUserUnloaded(() => {
    current = null;
  });
  const oidc: Oidc = {
    isLoggedIn: () => current !== null,
    accessToken: () => current?.access_token,
    idTokenClaims: () => ({ ...(current?.profile ?? {}) }),
    accessTokenFor: (override) => otherClientToken(conf, override),
    login: () => void login(manager),
    logout: () => void logout(manager),
    returnTo,
  };
  return oidc;
};

let started: Promise<OidcSession> | undefined;

/** The managers of the other clients, one per distinct configuration. */
const otherClients = new Map<string, UserManager>();

async function otherClientToken(main: OidcConfiguration, override: OidcClientOverride) {
  const conf = overriddenConfiguration(main, override);
  const key = JSON.stringify([conf.issuerURI, conf.clientID, conf.scope, conf.audience]);
  let manager = otherClients.get(key);
  if (!manager) {
    manager = createUserManager(conf, window.location.origin, `oidc.${conf.clientID}.`);
    otherClients.set(key, manager);
  }
  const stored = await manager.getUser();
  if (stored && !stored.expired) return stored.access_token;
  try {
    // The provider's session (its cookie) answers without a page: no second login for the user.
    const user = await manager.signinSilent();
    if (!user) throw new Error("no user");
    return user.access_token;
  } catch (error) {
    throw new Error(
      `Cannot get a token of the OIDC client "${conf.clientID}" silently (${error instanceof Error ? error.message : String(error)}): log out and in again`,
    );
  }
}

async function startOnce(conf: OidcConfiguration): Promise<OidcSession> {
  const manager = createUserManager(conf);
  const url = new URL(window.location.href);
  if (isCallback(url)) {
    const user = await manager.signinRedirectCallback(url.href);
    const returnTo = (user.state as ReturnState | undefined)?.returnTo ?? "/";
    return { manager, user, returnTo };
  }
  let user = await manager.getUser();
  if (user?.expired) {
    // A refresh token (or the provider's session, through the silent iframe) may still get a new one.
    user = await manager.signinSilent().catch(() => null);
  }
  return { manager, user };
}

function login(manager: UserManager): Promise<void> {
  const state: ReturnState = { returnTo: window.location.pathname + window.location.search };
  return manager.signinRedirect({ state });
}

function logout(manager: UserManager): Promise<void> {
  return manager.signoutRedirect();
}

/** In the silent-renew iframe, only the callback runs (no app). Returns true when it was one. */
export async function handleSilentCallback(): Promise<boolean> {
  const url = new URL(window.location.href);
  if (window.parent === window || !url.searchParams.has("oidc-silent")) return false;
  await new UserManager({ authority: "", client_id: "", redirect_uri: "" }).signinSilentCallback(
    url.href,
  );
  return true;
}
