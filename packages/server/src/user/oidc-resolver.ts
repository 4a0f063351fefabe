// authentication.mode openidconnect: the caller is whoever the bearer token says, once the token's
// signature (issuer JWKS, or the static oidc.public-key), issuer and audience check out.
import type { OidcConfig } from "@onyxia-ts/core";
import type { IncomingCall } from "./incoming-call.ts";
import {
  createRemoteJWKSet,
  customFetch,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { Agent, fetch as undiciFetch } from "undici";
import { clientIp } from "./client-ip.ts";
import { UnauthenticatedError } from "../domain/errors.ts";
import type { User } from "./types.ts";
import type { UserResolver } from "./user-resolver.ts";

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
type KeySource = JWTVerifyGetKey | Awaited<ReturnType<typeof importSPKI>>;

/** A claim by name; a dotted name also reaches nested claims (Keycloak's `realm_access.roles`). */
function claim(claims: JWTPayload, name: string): unknown {
  if (name in claims) return claims[name];
  return name
    .split(".")
    .reduce<unknown>(
      (value, part) =>
        value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined,
      claims,
    );
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function userFromClaims(
  claims: JWTPayload,
  token: string,
  oidc: OidcConfig,
  ip: string,
): User {
  const idep = claim(claims, oidc.usernameClaim);
  if (typeof idep !== "string" || idep.length > 63 || !RFC1123_LABEL.test(idep)) {
    throw new UnauthenticatedError(
      `The token's ${JSON.stringify(oidc.usernameClaim)} claim must be a lower-case RFC 1123 label (it names namespaces)`,
    );
  }
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === "string" ? value : "";
  };
  return {
    idep,
    email: text("email"),
    nomComplet: text("name"),
    ip,
    groups: stringList(claim(claims, oidc.groupsClaim)),
    roles: stringList(claim(claims, oidc.rolesClaim)).sort(),
    attributes: { ...claims, access_token: token },
  };
}

function keySource(oidc: OidcConfig): () => Promise<KeySource> {
  if (oidc.publicKey) {
    const pem = `-----BEGIN PUBLIC KEY-----\n${oidc.publicKey.replace(/\s+/g, "")}\n-----END PUBLIC KEY-----`;
    const key = importSPKI(pem, "RS256");
    return () => key;
  }
  const issuer = oidc.issuerUri;
  if (!issuer) throw new Error("oidc.issuer-uri or oidc.public-key is required");
  const dispatcher = oidc.skipTlsVerify
    ? new Agent({ connect: { rejectUnauthorized: false } })
    : undefined;
  const get = (url: string) => undiciFetch(url, dispatcher ? { dispatcher } : {});
  let jwks: Promise<KeySource> | undefined;
  return () => {
    jwks ??= (async () => {
      const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
      const response = await get(url);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
      if (!jwksUri) throw new Error(`${url} has no jwks_uri`);
      // An unknown `kid` (the issuer rotated its keys) refetches the JWKS, at most once per cooldown.
      return createRemoteJWKSet(new URL(jwksUri), {
        cooldownDuration: oidc.jwksCooldownSeconds * 1000,
        [customFetch]: (input, init) =>
          undiciFetch(input, {
            ...(init as object),
            ...(dispatcher ? { dispatcher } : {}),
          }) as unknown as Promise<Response>,
      });
    })().catch((error: unknown) => {
      jwks = undefined; // Retry discovery on the next request.
      throw error;
    });
    return jwks;
  };
}

export function createOidcResolver(oidc: OidcConfig): UserResolver {
  const keys = keySource(oidc);
  return {
    async resolve(request: IncomingCall) {
      const raw = request.headers.authorization;
      const header = Array.isArray(raw) ? raw[0] : raw;
      if (!header) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new UnauthenticatedError("The Authorization header must be 'Bearer <access token>'");
      const token = match[1]!;
      let key: KeySource;
      try {
        key = await keys();
      } catch (error) {
        request.log.error({ err: error }, "cannot fetch the OIDC signing keys");
        throw new UnauthenticatedError(
          "The identity provider's signing keys are unavailable; try again later",
        );
      }
      let payload: JWTPayload;
      try {
        const checks = {
          // Never `none` or HS*: with a public key, an HMAC "signature" could be forged by anyone.
          algorithms: oidc.algorithms,
          clockTolerance: oidc.clockSkewSeconds,
          // A token without an expiry would be valid forever.
          requiredClaims: ["exp"],
          ...(oidc.issuerUri ? { issuer: oidc.issuerUri } : {}),
          ...(oidc.audience ? { audience: oidc.audience } : {}),
        };
        const verified =
          typeof key === "function"
            ? await jwtVerify(token, key, checks)
            : await jwtVerify(token, key, checks);
        payload = verified.payload;
      } catch (error) {
        // jose's messages describe the check that failed, never the token itself.
        throw new UnauthenticatedError(`Invalid access token: ${(error as Error).message}`);
      }
      return userFromClaims(payload, token, oidc, clientIp(request));
    },
  };
}
