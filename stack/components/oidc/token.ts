// Headless login: drives the real authorization code + PKCE flow (the same login form a
// browser sees) with a test user's password, then exchanges the code for tokens.
import crypto from "node:crypto";
import { HOST, PORTS } from "../../lib/ports.ts";
import { CookieSession, type SimpleResponse } from "./https-client.ts";
import { DEFAULT_CLIENT_ID, findUserByName, HEADLESS_REDIRECT_URI } from "./users.ts";

export const OIDC_ISSUER = `https://${HOST}:${PORTS.oidc}`;

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

export interface GetTokenOptions {
  clientId?: string;
  /** Password to type; defaults to the test user's own (a wrong one makes the login fail). */
  password?: string;
  scope?: string;
}

export async function getTokenSet(
  username: string,
  caFile: string,
  options: GetTokenOptions = {},
): Promise<TokenSet> {
  const user = findUserByName(username);
  const password = options.password ?? user?.password;
  if (password === undefined)
    throw new Error(`unknown test user "${username}" (alice, bob, carol)`);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const state = crypto.randomBytes(8).toString("hex");
  const session = new CookieSession(caFile);

  const authorize = new URL(`${OIDC_ISSUER}/auth`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: HEADLESS_REDIRECT_URI,
    scope: options.scope ?? "openid profile email groups offline_access",
    prompt: "consent",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
  }).toString();

  let response = await session.request(authorize.href);
  let location = redirectOf(response, OIDC_ISSUER);
  if (!location.pathname.startsWith("/interaction/"))
    throw new Error(`expected the login page, got ${location.href}`);
  await session.request(location.href); // the login form itself
  response = await session.request(`${location.href.replace(/\/$/, "")}/login`, {
    method: "POST",
    form: { username, password },
  });
  if (response.status === 401) throw new Error(`login refused for "${username}"`);
  // Follow the provider's redirects until it sends us back to the client with a code.
  for (let hop = 0; hop < 10; hop++) {
    location = redirectOf(response, OIDC_ISSUER);
    if (location.href.startsWith(HEADLESS_REDIRECT_URI)) break;
    response = await session.request(location.href);
  }
  if (!location.href.startsWith(HEADLESS_REDIRECT_URI))
    throw new Error("the login did not come back to the client");
  if (location.searchParams.get("error")) {
    throw new Error(
      `authorization failed: ${location.searchParams.get("error")}: ${location.searchParams.get("error_description")}`,
    );
  }
  if (location.searchParams.get("state") !== state) throw new Error("state mismatch");
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${location.href}`);

  const tokenResponse = await session.request(`${OIDC_ISSUER}/token`, {
    method: "POST",
    form: {
      grant_type: "authorization_code",
      code,
      redirect_uri: HEADLESS_REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
    },
  });
  if (tokenResponse.status !== 200)
    throw new Error(`token endpoint answered ${tokenResponse.status}: ${tokenResponse.body}`);
  return JSON.parse(tokenResponse.body) as TokenSet;
}

function redirectOf(response: SimpleResponse, base: string): URL {
  const location = response.headers.location;
  if (response.status < 300 || response.status >= 400 || typeof location !== "string") {
    throw new Error(`expected a redirect, got ${response.status}: ${response.body.slice(0, 300)}`);
  }
  return new URL(location, base);
}
