import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07, hiddenUnlessEnabled } from "./draft-07.ts";

function vaultField(description: string, reference: string, secret = false): JSONSchema {
  return {
    description,
    type: "string",
    ...(secret ? { render: "password" as const } : {}),
    "x-onyxia": { overwriteDefaultWith: reference },
    hidden: hiddenUnlessEnabled,
  };
}

export const ideVault: JSONSchema = {
  $schema: DRAFT_07,
  title: "Vault",
  description: "Vault client configuration",
  type: "object",
  properties: {
    enabled: {
      type: "boolean",
      description: "Give the service a temporary Vault token",
      default: true,
    },
    token: vaultField("Vault token", "{{vault.VAULT_TOKEN}}", true),
    url: vaultField("Vault server URL", "{{vault.VAULT_ADDR}}"),
    mount: vaultField("Mount point of the KV v2 engine", "{{vault.VAULT_MOUNT}}"),
    directory: vaultField("Your top-level directory", "{{vault.VAULT_TOP_DIR}}"),
    secret: {
      description: "Path of a secret whose keys become environment variables",
      type: "string",
      default: "",
      hidden: hiddenUnlessEnabled,
    },
  },
};
