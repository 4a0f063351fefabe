// Where MinIO keeps its data and how it is configured: root (admin) credentials for the stack
// itself, and OpenID STS against the stack's issuer with policies named in the `policy` claim.
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { OIDC_ISSUER } from "../oidc/token.ts";
import { DEFAULT_CLIENT_ID, REDIRECT_URI_PREFIXES } from "../oidc/users.ts";

export const S3_ENDPOINT = `http://${HOST}:${PORTS.minio}`;
export const S3_REGION = "us-east-1";

/**
 * A region's `data.S3` for this MinIO as tests and benches give it (STS on the S3 endpoint, no
 * role ARN), with the personal bucket's bookmark if asked; `.stack/onyxia.yaml` has the full one.
 */
export function stackS3RegionData(options: { personalBookmark?: boolean } = {}) {
  return {
    S3: {
      URL: S3_ENDPOINT,
      region: S3_REGION,
      pathStyleAccess: true,
      sts: {
        durationSeconds: 3600,
        role: { profileName: "default", roleARN: "", roleSessionName: "onyxia" },
      },
      ...(options.personalBookmark && {
        bookmarks: [
          { s3Uri: "s3://user-$1/", title: "Personal bucket", claimName: "preferred_username" },
        ],
      }),
    },
  };
}
/** Admin credentials: for the stack's provisioning and admin scripts only, never for users. */
export const MINIO_ROOT_USER = "stack-admin";
export const MINIO_ROOT_PASSWORD = "stack-admin-secret-change-me";
/** The JWT claim MinIO reads policy names from (the OIDC provider fills it, see oidc/users.ts). */
export const POLICY_CLAIM = "policy";

export const minioDirs = (ctx: StackContext) => ({
  data: path.join(ctx.stateDir, "minio", "data"),
  // MinIO trusts the certificates in <certs-dir>/CAs/ for outgoing TLS (the OIDC issuer).
  certs: path.join(ctx.stateDir, "minio", "certs"),
  provisioned: path.join(ctx.stateDir, "minio", "provisioned.json"),
});

/** Browser origins allowed by CORS: the app and the Vite dev server. */
export const CORS_ORIGINS = REDIRECT_URI_PREFIXES.map((prefix) => prefix.replace(/\/$/, ""));

export function minioProcessEnv(): Record<string, string> {
  return {
    MINIO_ROOT_USER,
    MINIO_ROOT_PASSWORD,
    MINIO_IDENTITY_OPENID_CONFIG_URL: `${OIDC_ISSUER}/.well-known/openid-configuration`,
    MINIO_IDENTITY_OPENID_CLIENT_ID: DEFAULT_CLIENT_ID,
    MINIO_IDENTITY_OPENID_CLAIM_NAME: POLICY_CLAIM,
    MINIO_IDENTITY_OPENID_SCOPES: "openid,profile,email,groups",
    MINIO_IDENTITY_OPENID_DISPLAY_NAME: "onyxia-ts stack",
    MINIO_API_CORS_ALLOW_ORIGIN: CORS_ORIGINS.join(","),
    MINIO_UPDATE: "off",
    MINIO_BROWSER_REDIRECT: "off",
  };
}
