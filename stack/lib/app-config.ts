// `.stack/onyxia.yaml`: an app configuration (ONYXIA_CONFIG) that points the server at the running
// stack: OIDC login against the stack's issuer, a multi-namespace region whose Kubernetes calls
// impersonate the user (so RBAC itself guards each namespace), S3 with STS and Vault with JWT auth.
import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import type { StackContext } from "./component.ts";

export function appConfigFile(ctx: StackContext): string {
  return path.join(ctx.stateDir, "onyxia.yaml");
}

export function stackAppConfig(
  ctx: StackContext,
  env: Record<string, string>,
): Record<string, unknown> {
  const region: Record<string, unknown> = {
    id: "local",
    name: "Local stack",
    description: "Kubernetes with KWOK nodes, MinIO and OpenBao on 127.0.0.1",
    services: {
      type: "KUBERNETES",
      singleNamespace: false,
      allowNamespaceCreation: true,
      userNamespace: true,
      namespacePrefix: "user-",
      groupNamespacePrefix: "projet-",
      // The apiserver maps OIDC identities to `oidc-<name>`; impersonation uses the same names.
      usernamePrefix: "oidc-",
      groupPrefix: "oidc-",
      authenticationMode: "impersonate",
      expose: { domain: "lab.localhost", ingressClassName: "nginx" },
      quotas: {
        userEnabled: true,
        user: { "requests.cpu": "8", "requests.memory": "32Gi", "count/pods": "30" },
        groupEnabled: true,
        group: { "requests.cpu": "16", "requests.memory": "64Gi", "count/pods": "60" },
      },
      monitoring: {
        URLPattern: "http://127.0.0.1:3000/d/pods?var-namespace=$NAMESPACE&var-instance=$INSTANCE",
      },
    },
  };
  if (env.S3_ENDPOINT) {
    region.data = {
      S3: {
        URL: env.S3_ENDPOINT,
        pathStyleAccess: true,
        region: env.S3_REGION ?? "us-east-1",
        sts: {
          URL: env.S3_STS_ENDPOINT ?? env.S3_ENDPOINT,
          durationSeconds: 3600,
          role: { profileName: "default", roleARN: "", roleSessionName: "onyxia" },
        },
        // MinIO's policies grant `user-<username>` and `projet-<group>` (components/minio).
        bookmarks: [
          {
            s3Uri: "s3://user-$1/",
            title: { en: "Personal bucket", fr: "Bucket personnel" },
            claimName: "preferred_username",
          },
          {
            s3Uri: "s3://projet-$1/",
            title: { en: "Project $1", fr: "Projet $1" },
            claimName: "groups",
          },
        ],
      },
    };
  }
  if (env.VAULT_ADDR) {
    region.vault = {
      URL: env.VAULT_ADDR,
      kvEngine: env.VAULT_KV_ENGINE ?? "onyxia-kv",
      role: env.VAULT_ROLE ?? "onyxia-user",
      authPath: env.VAULT_AUTH_PATH ?? "jwt",
      prefix: "user-",
      groupPrefix: "",
    };
  }
  return {
    authentication: { mode: "openidconnect" },
    oidc: {
      "issuer-uri": env.OIDC_ISSUER,
      clientID: env.OIDC_CLIENT_ID ?? "onyxia",
      scope: "openid profile email groups",
    },
    catalogs: [
      {
        id: "examples",
        name: { en: "Examples", fr: "Exemples" },
        location: path.join(ctx.root, "catalogs/examples/repo"),
        multipleServicesMode: "all",
        highlightedCharts: ["vscode-lite", "postgres-lite", "dashboard"],
      },
    ],
    regions: [region],
    // The declarative user profile (GET /api/profile/schema): the example fills the
    // user.profile.aiAssistant.* references of the interactive catalog's charts.
    "profile.schema.directory": path.join(ctx.root, "catalogs/examples/profile"),
  };
}

export function writeAppConfig(ctx: StackContext, env: Record<string, string>): void {
  if (!env.OIDC_ISSUER) return; // without the OIDC component there is nothing to log in with
  const header =
    "# Written by `npm run stack:up`: run the app against the stack with\n" +
    "#   source .stack/env && NODE_EXTRA_CA_CERTS=$STACK_CA_FILE ONYXIA_CONFIG=.stack/onyxia.yaml npm run dev\n" +
    "# (NODE_EXTRA_CA_CERTS: the server then trusts the stack's HTTPS issuer without skipping TLS checks)\n";
  fs.writeFileSync(appConfigFile(ctx), header + stringify(stackAppConfig(ctx, env)));
}
