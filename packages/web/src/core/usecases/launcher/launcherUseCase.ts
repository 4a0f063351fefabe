// The launcher feature, built on demand by the launcher page (see featureDeps.ts).
import type {
  ApiProject,
  PublicRegion,
  UserInfo,
  UserLang,
  XOnyxiaContext,
  XOnyxiaContextInput,
} from "@onyxia-ts/core";
import type { FeatureDeps } from "../../featureDeps.ts";
import { loadChartData, loadVersionData, type ChartData, type VersionData } from "./chartData.ts";
import type { LaunchVaultPart } from "../user-settings/launchVault.ts";
import { profileForLaunch } from "../user-profile/profileForLaunch.ts";
import { launchContext, withProfile } from "./contextInput.ts";
import { createLauncher, type Launcher, type LauncherInput } from "./launcherStore.ts";

export interface ContextRequest {
  userInfo: UserInfo | undefined;
  project: ApiProject | undefined;
  region: PublicRegion | undefined;
  lang: UserLang;
  darkMode: boolean;
  /** The S3 part (profiles with live credentials), from the S3 use case's launchPart. */
  s3?: XOnyxiaContextInput["s3"];
  /** What the user-settings use case read from Vault (token, service password, git). */
  vault?: LaunchVaultPart | undefined;
}

export interface LaunchContext {
  context: XOnyxiaContext;
  /** What the launcher offers as autocomplete options (`{user: {profile: kept}}`). */
  autocompleteContext: unknown;
}

export interface LauncherUseCase {
  loadChartData(
    request: {
      catalogId: string;
      chartName: string;
      loggedIn: boolean;
      projectId: string | undefined;
    },
    signal?: AbortSignal,
  ): Promise<ChartData>;
  loadVersionData(
    request: { catalogId: string; chartName: string; data: ChartData; version: string },
    signal?: AbortSignal,
  ): Promise<VersionData>;
  /**
   * The x-onyxia context of one visit (random subdomain, the project's session password, the
   * profile as `user.profile`), and the profile's kept-out fields for the autocomplete options.
   */
  context(request: ContextRequest): LaunchContext;
  create(input: LauncherInput): Launcher;
}

export function createLauncherUseCase(deps: FeatureDeps): LauncherUseCase {
  return {
    loadChartData: (request, signal) => loadChartData(deps, request, signal),
    loadVersionData: (request, signal) => loadVersionData(deps, request, signal),
    context: ({ vault, ...request }) => {
      const context = launchContext(deps.sessionStorage, {
        ...request,
        ...(vault?.projectPassword ? { projectPassword: vault.projectPassword } : {}),
        vaultToken: vault?.vaultToken,
        git: vault?.git,
      });
      return withProfile(context, profileForLaunch(deps.userProfile.loaded(), context));
    },
    create: (input) =>
      createLauncher({ api: deps.api, sessionStorage: deps.sessionStorage }, input),
  };
}
