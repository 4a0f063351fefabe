// For negative tests: a token with a user's real claims and the provider's key id, but signed
// by a key the provider never had. Every relying party must refuse it.
import { generateKeyPair, SignJWT } from "jose";
import { OIDC_ISSUER } from "./token.ts";
import { claimsFor, DEFAULT_CLIENT_ID, findUserByName } from "./users.ts";

export async function forgeToken(
  username: string,
  kid: string,
  audience = DEFAULT_CLIENT_ID,
): Promise<string> {
  const user = findUserByName(username);
  if (!user) throw new Error(`unknown test user ${username}`);
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({
    ...claimsFor(user),
    client_id: audience,
    scope: "openid profile email groups",
  })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid })
    .setIssuer(OIDC_ISSUER)
    .setAudience(audience)
    .setSubject(user.sub)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
}
