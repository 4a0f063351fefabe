// The Onyxia ownership Secret of a release (reference §6.1), owned by Helm's release secret so
// Kubernetes deletes it with the release.
import { base64EncodeUtf8 as b64 } from "../encoding/base64.ts";
import { ONYXIA_SECRET_TYPE, onyxiaSecretName } from "../releases/onyxia-secret.ts";

export interface OnyxiaSecretInput {
  release: string;
  namespace: string;
  catalogId: string;
  owner: string;
  friendlyName: string;
  share: boolean;
  /** Helm's `sh.helm.release.v1.<release>.v<revision>` secret, when known. */
  helmSecret?: { name: string; uid: string };
}

export const helmReleaseSecretName = (release: string, revision: number) =>
  `sh.helm.release.v1.${release}.v${revision}`;

export function onyxiaSecretObject(input: OnyxiaSecretInput) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: ONYXIA_SECRET_TYPE,
    metadata: {
      name: onyxiaSecretName(input.release),
      namespace: input.namespace,
      labels: {
        "app.kubernetes.io/managed-by": "onyxia",
        "app.kubernetes.io/instance": input.release,
      },
      ...(input.helmSecret
        ? {
            ownerReferences: [
              {
                apiVersion: "v1",
                kind: "Secret",
                name: input.helmSecret.name,
                uid: input.helmSecret.uid,
              },
            ],
          }
        : {}),
    },
    data: {
      catalog: b64(input.catalogId),
      owner: b64(input.owner),
      friendlyName: b64(input.friendlyName),
      share: b64(String(input.share)),
    },
  };
}

/** The data patch for a rename or a share toggle. */
export function onyxiaSecretDataPatch(change: { friendlyName?: string; share?: boolean }) {
  const data: Record<string, string> = {};
  if (change.friendlyName !== undefined) data.friendlyName = b64(change.friendlyName);
  if (change.share !== undefined) data.share = b64(String(change.share));
  return { data };
}
