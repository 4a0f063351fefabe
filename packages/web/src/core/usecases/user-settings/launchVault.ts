// What the launcher takes from Vault for the XOnyxiaContext (reference §4.3): the Vault token
// (`vault.VAULT_TOKEN`), the project's service password (`project.password`) and the user's git
// settings (`git.*`). Vault being down never blocks a launch: the parts that could not be read
// fall back and `notice` says the Vault section could not be pre-filled.
import type { GitForContext } from "@onyxia-ts/core";
import { loadProjectConfigs, loadUserConfigs } from "./settings.ts";
import type { VaultPort } from "../../ports/vault.ts";

export interface LaunchVaultInput {
  /** Undefined when the region has no Vault (then nothing is read, no notice). */
  vault: VaultPort | undefined;
  /** Whether the region's Vault is the real one (false: the browser-storage fallback). */
  durable: boolean;
  projectTopDir: string;
  personalTopDir: string;
  /** False in a group project with DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: no token, no git. */
  canInjectPersonalInfos: boolean;
  username: string;
  email: string;
  isCommandBarEnabledByDefault: boolean;
  /** Draws a service password for a project that has none yet. */
  newPassword: () => string;
}

export interface LaunchVaultPart {
  vaultToken: string | undefined;
  projectPassword: string | undefined;
  git: GitForContext | undefined;
  /** Set when Vault could not be used: the message to show above the form. */
  notice: string | undefined;
}

export async function prepareLaunchVault(input: LaunchVaultInput): Promise<LaunchVaultPart> {
  const part: LaunchVaultPart = {
    vaultToken: undefined,
    projectPassword: undefined,
    git: undefined,
    notice: undefined,
  };
  const { vault } = input;
  if (!vault) return part;
  try {
    const [token, project, user] = await Promise.all([
      input.durable && input.canInjectPersonalInfos ? vault.getToken() : undefined,
      loadProjectConfigs(vault, input.projectTopDir, input.newPassword),
      input.canInjectPersonalInfos
        ? loadUserConfigs(vault, input.personalTopDir, {
            username: input.username,
            email: input.email,
            isCommandBarEnabledByDefault: input.isCommandBarEnabledByDefault,
          })
        : undefined,
    ]);
    part.vaultToken = token?.token;
    part.projectPassword = project.configs.servicePassword;
    part.git = user && {
      name: user.gitName,
      email: user.gitEmail,
      credentialsCacheDuration: user.gitCredentialCacheDuration,
      token: user.githubPersonalAccessToken ?? "",
    };
  } catch (error) {
    part.notice = error instanceof Error ? error.message : String(error);
  }
  return part;
}
