// Onyxia's ownership record of a release (reference §6.1): Secret `sh.onyxia.release.v1.<release>`,
// type onyxia.sh/release.v1, base64 fields catalog, owner, friendlyName, share.
import { base64ToText } from "../encoding/base64.ts";
import type { KubeSecret } from "./kube-types.ts";

export const ONYXIA_SECRET_TYPE = "onyxia.sh/release.v1";
export const ONYXIA_SECRET_PREFIX = "sh.onyxia.release.v1.";

export interface OnyxiaReleaseMeta {
  catalogId: string | null;
  owner: string | null;
  friendlyName: string | null;
  share: boolean;
}

export const onyxiaSecretName = (release: string) => ONYXIA_SECRET_PREFIX + release;

/** The release an Onyxia secret describes, or undefined when it is some other secret. */
export function onyxiaSecretRelease(secret: KubeSecret): string | undefined {
  const name = secret.metadata?.name;
  if (secret.type !== ONYXIA_SECRET_TYPE || !name?.startsWith(ONYXIA_SECRET_PREFIX))
    return undefined;
  return name.slice(ONYXIA_SECRET_PREFIX.length) || undefined;
}

function field(secret: KubeSecret, key: string): string | null {
  const value = secret.data?.[key];
  if (typeof value !== "string") return null;
  try {
    return base64ToText(value);
  } catch {
    return null; // a hand-edited secret with bad base64: treat the field as absent
  }
}

export function decodeOnyxiaSecret(secret: KubeSecret): OnyxiaReleaseMeta {
  return {
    catalogId: field(secret, "catalog"),
    owner: field(secret, "owner"),
    friendlyName: field(secret, "friendlyName"),
    share: field(secret, "share") === "true",
  };
}
