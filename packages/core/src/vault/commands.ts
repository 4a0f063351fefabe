// The Vault CLI commands equivalent to each explorer/settings action (Onyxia's command bar,
// reference §6.4) and the CLI init script of the account's Vault tab. Secret values and tokens
// are masked: the command bar is on screen (screen sharing, screenshots).
import { shellQuote } from "../encoding/shell-quote.ts";
import { joinVaultPath } from "./paths.ts";

/** What replaces a secret value or a token in anything shown. */
export const MASKED_VALUE = "••••••••";

const target = (kvEngine: string, path: string) => shellQuote(joinVaultPath(kvEngine, path));

export const vaultKvCommands = {
  list: (kvEngine: string, path: string) => `vault kv list ${target(kvEngine, path)}`,
  get: (kvEngine: string, path: string) => `vault kv get ${target(kvEngine, path)}`,
  /** Keys are shown (they are variable names), values never. */
  put: (kvEngine: string, path: string, keys: readonly string[]) =>
    [
      `vault kv put ${target(kvEngine, path)}`,
      ...keys.map((key) => `${shellQuote(key)}="${MASKED_VALUE}"`),
    ].join(" \\\n  "),
  /** Onyxia logs `vault kv delete`, but its call (DELETE on metadata) drops every version: this is that command. */
  delete: (kvEngine: string, path: string) => `vault kv metadata delete ${target(kvEngine, path)}`,
  login: (authPath: string, role: string | undefined) =>
    `vault write auth/${shellQuote(authPath)}/login${role ? ` role=${shellQuote(role)}` : ""} jwt="${MASKED_VALUE}"`,
};

/** The output of `vault kv list` as the CLI prints it (keys, folders with a trailing "/"). */
export function formatKvListResult(directories: readonly string[], files: readonly string[]) {
  return ["Keys", "----", ...directories.map((d) => `${d}/`), ...files].join("\n");
}

/** The output of `vault kv get`, values masked. */
export function formatKvGetResult(keys: readonly string[]): string {
  const width = Math.max(3, ...keys.map((k) => k.length)) + 2;
  return [
    "====== Data ======",
    `${"Key".padEnd(width)}Value`,
    `${"---".padEnd(width)}-----`,
    ...keys.map((k) => `${k.padEnd(width)}${MASKED_VALUE}`),
  ].join("\n");
}

export interface VaultCliInit {
  url: string;
  kvEngine: string;
  topDir: string;
  token: string;
  /** False: the token is replaced by MASKED_VALUE (the default on screen). */
  reveal: boolean;
}

/** The account tab's script: the CLI then works as the services do (same variables). */
export function vaultCliInitScript(init: VaultCliInit): string {
  const token = init.reveal ? shellQuote(init.token) : MASKED_VALUE;
  return [
    `export VAULT_ADDR=${shellQuote(init.url)}`,
    `export VAULT_TOKEN=${token}`,
    `export VAULT_MOUNT=${shellQuote(init.kvEngine)}`,
    `export VAULT_TOP_DIR=${shellQuote(init.topDir)}`,
    `vault kv list "$VAULT_MOUNT/$VAULT_TOP_DIR"`,
  ].join("\n");
}
