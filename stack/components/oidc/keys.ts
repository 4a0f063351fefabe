// Signing keys and cookie secrets kept in `.stack/oidc/`, so tokens and sessions survive restarts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";

export interface OidcSecrets {
  jwks: { keys: JWK[] };
  cookieKeys: string[];
}

export async function ensureSecrets(stateDir: string): Promise<OidcSecrets> {
  const file = path.join(stateDir, "oidc", "secrets.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as OidcSecrets;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const secrets: OidcSecrets = {
    jwks: {
      keys: [
        { ...jwk, kid: `stack-${crypto.randomBytes(4).toString("hex")}`, alg: "RS256", use: "sig" },
      ],
    },
    cookieKeys: [crypto.randomBytes(32).toString("base64url")],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
