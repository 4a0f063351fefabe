// A real OIDC issuer in the test process: discovery + JWKS over node:http, jose-generated keys.
// The published key set can be swapped (key rotation) and fetches are counted.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(
  kid: string,
  alg: "RS256" | "ES256" = "RS256",
): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" },
  };
}

export interface LocalIssuer {
  url: string;
  jwksFetches: number;
  /** The keys the JWKS endpoint publishes now. */
  published: SigningKey[];
  close(): Promise<void>;
}

export async function startIssuer(published: SigningKey[]): Promise<LocalIssuer> {
  // eslint-disable-next-line prefer-const -- assigned below; close() above closes over it
  let server: Server | undefined;
  const issuer: LocalIssuer = {
    url: "",
    jwksFetches: 0,
    published,
    close: () =>
      new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/realms/lab/.well-known/openid-configuration") {
      res.end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/certs` }));
    } else if (req.url === "/realms/lab/certs") {
      issuer.jwksFetches++;
      res.end(JSON.stringify({ keys: issuer.published.map((k) => k.publicJwk) }));
    } else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/lab`;
  return issuer;
}

export interface TokenOptions {
  iss?: string;
  aud?: string;
  /** Seconds relative to now. */
  expIn?: number;
  key?: SigningKey;
  /** Header kid override (a foreign key presenting a known kid). */
  kid?: string;
}

export async function signToken(
  issuer: LocalIssuer,
  key: SigningKey,
  claims: JWTPayload,
  options: TokenOptions = {},
): Promise<string> {
  const signer = options.key ?? key;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, kid: options.kid ?? signer.kid, typ: "JWT" })
    .setIssuer(options.iss ?? issuer.url)
    .setAudience(options.aud ?? "onyxia")
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (options.expIn ?? 300))
    .sign(signer.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned token (`alg: none`), the classic bypass attempt. */
export function unsignedToken(issuer: LocalIssuer, claims: JWTPayload): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, iss: issuer.url, aud: "onyxia", iat: now, exp: now + 300 })}.`;
}
