// Brings the server to a known state, idempotently: init + unseal (first start), KV v2 at
// `onyxia-kv`, JWT auth at `jwt` trusting the stack issuer, role `onyxia-user`, templated
// policies, one external group per test group, CORS for the web app.
import fs from "node:fs";
import type { StackContext } from "../../lib/component.ts";
import { pkiPaths } from "../oidc/pki.ts";
import { OIDC_ISSUER } from "../oidc/token.ts";
import { DEFAULT_CLIENT_ID, REDIRECT_URI_PREFIXES, TEST_GROUPS } from "../oidc/users.ts";
import { VaultClient } from "./client.ts";
import {
  groupPolicyName,
  JWT_MOUNT,
  KV_MOUNT,
  readInit,
  USER_POLICY,
  USER_ROLE,
  VAULT_ADDR,
  vaultDirs,
  type InitResult,
} from "./config.ts";
import { groupPolicy, userPolicy } from "./policies.ts";

/** Audiences accepted at login: the web app's client and the Vault-specific one. */
export const VAULT_AUDIENCES = [DEFAULT_CLIENT_ID, "onyxia-vault"];

export async function initAndUnseal(ctx: StackContext): Promise<InitResult> {
  const anonymous = new VaultClient(VAULT_ADDR);
  const { initialized } = await anonymous.request<{ initialized: boolean }>("GET", "sys/init");
  let init = readInit(ctx);
  if (!initialized) {
    init = await anonymous.request<InitResult>("POST", "sys/init", {
      secret_shares: 1,
      secret_threshold: 1,
    });
    fs.writeFileSync(vaultDirs(ctx).init, JSON.stringify(init), { mode: 0o600 });
  }
  if (!init)
    throw new Error(
      `the server is initialised but ${vaultDirs(ctx).init} is missing: delete .stack/openbao to start over`,
    );
  const status = await anonymous.request<{ sealed: boolean }>("GET", "sys/seal-status");
  if (status.sealed) await anonymous.request("POST", "sys/unseal", { key: init.keys[0] });
  return init;
}

export async function provisionVault(ctx: StackContext, rootToken: string): Promise<void> {
  const vault = new VaultClient(VAULT_ADDR, rootToken);

  const mounts = await vault.request<{ data: Record<string, unknown> }>("GET", "sys/mounts");
  if (!(`${KV_MOUNT}/` in mounts.data)) {
    await vault.request("POST", `sys/mounts/${KV_MOUNT}`, {
      type: "kv",
      options: { version: "2" },
    });
  }

  let auths = await vault.request<{ data: Record<string, { accessor: string }> }>(
    "GET",
    "sys/auth",
  );
  if (!(`${JWT_MOUNT}/` in auths.data)) {
    await vault.request("POST", `sys/auth/${JWT_MOUNT}`, { type: "jwt" });
    auths = await vault.request("GET", "sys/auth");
  }
  const accessor = auths.data[`${JWT_MOUNT}/`]!.accessor;

  await vault.request("POST", `auth/${JWT_MOUNT}/config`, {
    oidc_discovery_url: OIDC_ISSUER,
    oidc_discovery_ca_pem: fs.readFileSync(pkiPaths(ctx.stateDir).caCert, "utf8"),
    bound_issuer: OIDC_ISSUER,
    default_role: USER_ROLE,
  });
  await vault.request("PUT", `sys/policies/acl/${USER_POLICY}`, { policy: userPolicy(accessor) });
  await vault.request("POST", `auth/${JWT_MOUNT}/role/${USER_ROLE}`, {
    role_type: "jwt",
    user_claim: "preferred_username",
    groups_claim: "groups",
    bound_audiences: VAULT_AUDIENCES,
    token_policies: [USER_POLICY],
    token_ttl: "8h",
    token_max_ttl: "24h",
  });

  for (const group of TEST_GROUPS) await ensureExternalGroup(vault, group, accessor);

  // The web app talks to Vault from the browser.
  await vault.request("PUT", "sys/config/cors", {
    enabled: true,
    allowed_origins: REDIRECT_URI_PREFIXES.map((prefix) => prefix.replace(/\/$/, "")),
    allowed_headers: [
      "Content-Type",
      "X-Vault-Token",
      "X-Vault-Wrap-TTL",
      "X-Requested-With",
      "Authorization",
    ],
  });
}

async function ensureExternalGroup(
  vault: VaultClient,
  group: string,
  accessor: string,
): Promise<void> {
  await vault.request("PUT", `sys/policies/acl/${groupPolicyName(group)}`, {
    policy: groupPolicy(group),
  });
  // POST identity/group/name/<name> creates or updates the group.
  await vault.request("POST", `identity/group/name/${group}`, {
    type: "external",
    policies: [groupPolicyName(group)],
  });
  const { data } = await vault.request<{
    data: { id: string; alias?: { id?: string; name?: string } };
  }>("GET", `identity/group/name/${group}`);
  if (data.alias?.name !== group) {
    await vault.request("POST", "identity/group-alias", {
      name: group,
      mount_accessor: accessor,
      canonical_id: data.id,
    });
  }
}
