// The server's request options plus a call's identity headers. A caller's own bearer token
// (tokenPassthrough) must replace the server's credentials entirely: the apiserver tries client
// certificates before tokens, so a certificate left in place would win and the call would run
// with the server's rights.
import type https from "node:https";

export type IdentityHeaders = Record<string, string | string[]>;

const CLIENT_CREDENTIALS = ["cert", "key", "pfx", "passphrase"] as const;

export function hasOwnAuthorization(headers: IdentityHeaders | undefined): boolean {
  return (
    headers !== undefined &&
    Object.keys(headers).some((name) => name.toLowerCase() === "authorization")
  );
}

/** `base` with `headers` added (last wins); without the server's client certificate when they authorize. */
export function withIdentity(
  base: https.RequestOptions,
  headers: IdentityHeaders | undefined,
): https.RequestOptions {
  const options: https.RequestOptions = { ...base };
  const merged: IdentityHeaders = {};
  for (const [name, value] of Object.entries((base.headers ?? {}) as IdentityHeaders)) {
    // The server's Authorization goes when the caller brings one (names are case-insensitive).
    if (hasOwnAuthorization(headers) && name.toLowerCase() === "authorization") continue;
    merged[name] = value;
  }
  Object.assign(merged, headers);
  options.headers = merged;
  if (hasOwnAuthorization(headers)) for (const field of CLIENT_CREDENTIALS) delete options[field];
  return options;
}
