// The user's and the project's settings where Onyxia keeps them (reference §5.3.1, §9), for the
// pages: the project's service password (one per project, shared by its members, regenerable), the
// user configs of the git tab, the Vault token and CLI script of the Vault tab, and the Vault part
// of a launch's context. Vault when the region has one, else this browser's storage: the launcher,
// My services and the account page all read the same value from here.
import { generateOneTimePassword, vaultCliInitScript, type UserConfigs } from "@onyxia-ts/core";
import type { ApiProject, UserInfo } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { VaultToken } from "../../ports/vault.ts";
import { createState, type Store } from "../../store.ts";
import { sessionProjectPassword } from "../launcher/contextInput.ts";
import { prepareLaunchVault, type LaunchVaultPart } from "./launchVault.ts";
import {
  loadProjectConfigs,
  loadUserConfigs,
  writeProjectConfig,
  writeUserConfig,
} from "./settings.ts";
import type { VaultAccess } from "./vaultAccess.ts";

export interface UserSettingsState {
  /** The service password of each project read so far. */
  passwords: Record<string, string>;
  /** The user configs, once read. */
  user: UserConfigs | undefined;
  /** The last failure (Vault down, forbidden…), for the page that asked. */
  error: string | undefined;
}

export interface UserSettingsUseCase extends Store<UserSettingsState> {
  /** False: kept in this browser only (the region has no Vault). */
  durable(): boolean;
  /** Reads (or on first use creates) the project's service password. */
  servicePassword(project: ApiProject): Promise<string>;
  /** Draws a new service password for the project and saves it (check-and-set). */
  regeneratePassword(project: ApiProject): Promise<string>;
  userConfigs(): Promise<UserConfigs>;
  /** Saves the given user configs (git tab), one Vault secret per key. */
  saveUserConfigs(patch: Partial<UserConfigs>): Promise<void>;
  /** The Vault token, its expiry, and the CLI init script for the project (token masked unless `reveal`). */
  vaultCli(
    project: ApiProject | undefined,
    reveal: boolean,
  ): Promise<{ token: VaultToken; script: string; scriptRevealed: string } | undefined>;
  /** What a launch's context takes from Vault (token, password, git), never failing. */
  launchPart(project: ApiProject): Promise<LaunchVaultPart>;
  /** Whether a launch in this project carries the user's personal infos (token, git, IP). */
  canInjectPersonalInfos(project: ApiProject | undefined): boolean;
}

export interface UserSettingsDeps {
  vault: VaultAccess;
  /** The signed-in user (for the user configs' defaults). */
  userInfo: () => UserInfo | undefined;
  /** The web customisation's DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP. */
  disablePersonalInfosInjectionInGroup: boolean;
  /** Not DISABLE_COMMAND_BAR: the default of `isCommandBarEnabled`. */
  commandBarByDefault: boolean;
  /** sessionStorage: nobody signed in (no Vault, no fallback) keeps a password for the session. */
  sessionStorage: KeyValueStorage;
  random?: () => number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createUserSettingsUseCase(deps: UserSettingsDeps): UserSettingsUseCase {
  const random = deps.random ?? Math.random;
  const state = createState<UserSettingsState>({
    passwords: {},
    user: undefined,
    error: undefined,
  });
  const newPassword = () => generateOneTimePassword(random);
  const setPassword = (projectId: string, password: string) =>
    state.set((s) =>
      s.passwords[projectId] === password
        ? s
        : { ...s, passwords: { ...s.passwords, [projectId]: password }, error: undefined },
    );
  const fail = (error: unknown): never => {
    state.set((s) => ({ ...s, error: message(error) }));
    throw error;
  };
  const defaultsInput = () => ({
    username: deps.userInfo()?.idep ?? "",
    email: deps.userInfo()?.email ?? "",
    isCommandBarEnabledByDefault: deps.commandBarByDefault,
  });
  const inFlight = new Map<string, Promise<string>>();

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    durable: () => deps.vault.session()?.durable ?? false,
    canInjectPersonalInfos: (project) =>
      !(project?.group && deps.disablePersonalInfosInjectionInGroup),
    servicePassword(project) {
      const known = state.get().passwords[project.id];
      if (known) return Promise.resolve(known);
      const session = deps.vault.session();
      if (!session) {
        const password = sessionProjectPassword(deps.sessionStorage, project.id, random);
        setPassword(project.id, password);
        return Promise.resolve(password);
      }
      const pending = inFlight.get(project.id);
      if (pending) return pending;
      const run = loadProjectConfigs(session.port, session.topDirOf(project), newPassword)
        .then((loaded) => {
          setPassword(project.id, loaded.configs.servicePassword);
          return loaded.configs.servicePassword;
        }, fail)
        .finally(() => inFlight.delete(project.id));
      inFlight.set(project.id, run);
      return run;
    },
    async regeneratePassword(project) {
      const session = deps.vault.session();
      const password = newPassword();
      if (!session) {
        deps.sessionStorage.setItem(`datalab.projectPassword.${project.id}`, password);
        setPassword(project.id, password);
        return password;
      }
      try {
        const topDir = session.topDirOf(project);
        const loaded = await loadProjectConfigs(session.port, topDir, newPassword);
        await writeProjectConfig(
          session.port,
          topDir,
          "servicePassword",
          password,
          loaded.versions.servicePassword,
        );
      } catch (error) {
        return fail(error);
      }
      setPassword(project.id, password);
      return password;
    },
    async userConfigs() {
      const session = deps.vault.session();
      if (!session) throw new Error("Not signed in: there are no user settings");
      try {
        const user = await loadUserConfigs(session.port, session.personalTopDir, defaultsInput());
        state.set((s) => ({ ...s, user, error: undefined }));
        return user;
      } catch (error) {
        return fail(error);
      }
    },
    async saveUserConfigs(patch) {
      const session = deps.vault.session();
      if (!session) throw new Error("Not signed in: there are no user settings");
      try {
        for (const [key, value] of Object.entries(patch) as [keyof UserConfigs, never][]) {
          await writeUserConfig(session.port, session.personalTopDir, key, value);
        }
      } catch (error) {
        return fail(error);
      }
      state.set((s) => ({
        ...s,
        user: s.user ? { ...s.user, ...patch } : s.user,
        error: undefined,
      }));
    },
    async vaultCli(project, reveal) {
      const session = deps.vault.session();
      if (!session?.region) return undefined;
      let token: VaultToken;
      try {
        token = await session.port.getToken();
      } catch (error) {
        return fail(error);
      }
      const init = {
        url: session.region.URL,
        kvEngine: session.region.kvEngine,
        topDir: project ? session.topDirOf(project) : session.personalTopDir,
        token: token.token,
      };
      return {
        token,
        script: vaultCliInitScript({ ...init, reveal }),
        scriptRevealed: vaultCliInitScript({ ...init, reveal: true }),
      };
    },
    async launchPart(project) {
      const session = deps.vault.session();
      if (!session) {
        return {
          vaultToken: undefined,
          projectPassword: undefined,
          git: undefined,
          notice: undefined,
        };
      }
      const part = await prepareLaunchVault({
        vault: session.port,
        durable: session.durable,
        projectTopDir: session.topDirOf(project),
        personalTopDir: session.personalTopDir,
        canInjectPersonalInfos: !(project.group && deps.disablePersonalInfosInjectionInGroup),
        ...defaultsInput(),
        newPassword,
      });
      if (part.projectPassword) setPassword(project.id, part.projectPassword);
      return part;
    },
  };
}
