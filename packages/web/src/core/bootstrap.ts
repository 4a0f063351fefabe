// The composition root of the web app: builds the adapters (the Onyxia API over fetch, OIDC,
// the browser's storages, the events stream over SSE) and hands them to the use cases. Called once
// by main.tsx; a test calls it with fakes (fetch, storages) or builds a use case alone.
import { onOtherTabWrite, localStore, sessionStore } from "./adapters/browserStorage.ts";
import { createHttpVault, syncVaultTokensWithProjects } from "./adapters/vault/httpVault.ts";
import { MemoryStorage, createLocalVault, type StorageLike } from "./adapters/vault/localVault.ts";
import { createAdminApi } from "./adapters/onyxia-api/createAdminApi.ts";
import { createOnyxiaApi } from "./adapters/onyxia-api/createOnyxiaApi.ts";
import { createHttpClient, type HttpClientOptions } from "./adapters/onyxia-api/httpClient.ts";
import { createSseEventsSource } from "./adapters/sseEventsSource.ts";
import type { KeyValueStorage } from "./ports/keyValueStorage.ts";
import type { StartOidc } from "./ports/oidc.ts";
import type { OnyxiaApi } from "./ports/onyxiaApi.ts";
import type { FeatureDeps } from "./featureDeps.ts";
import {
  createUserProfileUseCase,
  userConfigsProfileStore,
  type UserProfileUseCase,
} from "./usecases/user-profile/userProfile.ts";
import { createAdminUseCase, type AdminUseCase } from "./usecases/admin/adminStore.ts";
import { createCatalogsUseCase, type CatalogsUseCase } from "./usecases/catalogs/catalogsStore.ts";
import { createCommandLog, type CommandLog } from "./usecases/command-log/commandLog.ts";
import { createEventsUseCase, type EventsUseCase } from "./usecases/events/eventsStore.ts";
import {
  createPreferencesUseCase,
  type PreferencesUseCase,
} from "./usecases/preferences/preferencesStore.ts";
import {
  createSavedConfigsUseCase,
  type SavedConfigsUseCase,
} from "./usecases/saved-configs/savedConfigsStore.ts";
import { browserSavedConfigs } from "./usecases/saved-configs/browserStorage.ts";
import { vaultSavedConfigs } from "./usecases/saved-configs/vaultStorage.ts";
import { createSecretsUseCase, type SecretsUseCase } from "./usecases/secrets/secretsUseCase.ts";
import {
  createUserSettingsUseCase,
  type UserSettingsUseCase,
} from "./usecases/user-settings/userSettingsStore.ts";
import { createVaultAccess, type VaultAccess } from "./usecases/user-settings/vaultAccess.ts";
import { generateOneTimePassword } from "@onyxia-ts/core";
import { readLaunchTiming, type TimingPhase } from "./usecases/service/editLogic.ts";
import { createServiceActions, type ServiceActions } from "./usecases/services/serviceActions.ts";
import { createServicesUseCase, type ServicesUseCase } from "./usecases/services/servicesStore.ts";
import { createS3UseCase, type S3UseCase } from "./usecases/s3/s3UseCase.ts";
import { browserS3Profiles, vaultS3Profiles } from "./usecases/s3/userProfilesStorage.ts";
import { userConfigsS3BookmarksStore } from "./usecases/s3/userStore.ts";
import { createSessionUseCase, type SessionUseCase } from "./usecases/session/sessionStore.ts";

export interface Core {
  api: OnyxiaApi;
  session: SessionUseCase;
  preferences: PreferencesUseCase;
  catalogs: CatalogsUseCase;
  events: EventsUseCase;
  services: ServicesUseCase;
  commandLog: CommandLog;
  savedConfigs: SavedConfigsUseCase;
  /** S3 profiles, explorer and the launcher's `s3` part (the AWS SDK adapter is loaded on first use). */
  s3: S3UseCase;
  /** The declarative user profile (account page; injected into launches). */
  userProfile: UserProfileUseCase;
  /** Which Vault the user talks to (the region's, else this browser's fallback). */
  vault: VaultAccess;
  /** Service password, user configs (git), Vault token and CLI script, a launch's Vault part. */
  userSettings: UserSettingsUseCase;
  secrets: SecretsUseCase;
  /** The platform admin view (/admin): every project's services, quotas, capacity (admins only). */
  admin: AdminUseCase;
  /** For the features a page builds on demand (launcher, service editor): see featureDeps.ts. */
  featureDeps: FeatureDeps;
  service: {
    actions(onDone: () => void): ServiceActions;
    /** The launch's server-timing phases, when this tab launched it. */
    launchTiming(release: string): TimingPhase[];
  };
}

export interface BootstrapOptions {
  /** "/api" in the app. */
  apiBaseUrl: string;
  /** The web customisation's DISABLE_COMMAND_BAR. */
  commandBarByDefault: boolean;
  /** AUTHENTICATION_GLOBALLY_REQUIRED: anonymous visitors are sent to the login at start. */
  authenticationGloballyRequired?: boolean;
  /** The web customisation's DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP. */
  disablePersonalInfosInjectionInGroup?: boolean;
  fetch?: typeof fetch;
  localStorage?: KeyValueStorage;
  sessionStorage?: KeyValueStorage;
  startOidc?: () => Promise<StartOidc>;
  currentPath?: () => string;
  /** Where the Vault token is cached (sessionStorage) and the Vault fallback (localStorage). */
  vaultTokenStorage?: StorageLike;
  vaultFallbackStorage?: StorageLike;
}

/** How often a group project's saved configurations are checked for another member's save. */
const GROUP_CONFIGS_WATCH_MS = 30_000;

/** A browser storage with the methods the Vault adapters need, else an in-memory one. */
function webStorage(kind: "sessionStorage" | "localStorage"): StorageLike {
  try {
    const storage = globalThis[kind];
    if (storage) return storage;
  } catch {
    /* refused (privacy mode) */
  }
  return new MemoryStorage();
}

export function bootstrap(options: BootstrapOptions): Core {
  const local = options.localStorage ?? localStore;
  const perTab = options.sessionStorage ?? sessionStore;
  const commandLog = createCommandLog();
  const preferences = createPreferencesUseCase({
    storage: local,
    commandBarByDefault: options.commandBarByDefault,
  });
  // The session is built after the API it uses; the API reads the session at each call (never before).
  const http: HttpClientOptions = {
    baseUrl: options.apiBaseUrl,
    context: () => ({
      ...session.requestContext(),
      withCommands: preferences.getSnapshot().commandBar,
    }),
    onCommands: (call, commands) => commandLog.log(call, commands),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const api = createOnyxiaApi(http);
  const catalogs = createCatalogsUseCase({ api });
  const session = createSessionUseCase({
    api,
    catalogs,
    startOidc:
      options.startOidc ?? (() => import("./adapters/oidcClient.ts").then((m) => m.startOidc)),
    storage: local,
    sessionStorage: perTab,
    currentPath: options.currentPath ?? (() => globalThis.location?.pathname ?? "/"),
    authenticationGloballyRequired: options.authenticationGloballyRequired ?? false,
  });
  const events = createEventsUseCase({
    source: createSseEventsSource(createHttpClient(http)),
    storage: local,
  });
  const current = () => {
    const loaded = session.getSnapshot().loaded;
    return {
      region: loaded?.configuration.regions?.find((r) => r.id === loaded.region),
      userInfo: loaded?.userInfo,
    };
  };
  const tokenStorage = options.vaultTokenStorage ?? webStorage("sessionStorage");
  const vault = createVaultAccess({
    current,
    httpVault: (config, idep) =>
      createHttpVault({
        url: config.URL,
        kvEngine: config.kvEngine,
        role: config.role,
        authPath: config.authPath,
        userKey: idep,
        storage: tokenStorage,
        getAccessToken: () => {
          const token = session.requestContext().accessToken;
          if (!token) throw new Error("Not signed in: no access token to log in to Vault");
          return token;
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        log: (call, commands) => commandLog.log(call, commands),
      }),
    localVault: (idep) =>
      createLocalVault(options.vaultFallbackStorage ?? webStorage("localStorage"), { user: idep }),
    projectsSeen: (ids) => void syncVaultTokensWithProjects(tokenStorage, ids),
  });
  const userSettings = createUserSettingsUseCase({
    vault,
    userInfo: () => current().userInfo,
    disablePersonalInfosInjectionInGroup: options.disablePersonalInfosInjectionInGroup ?? false,
    commandBarByDefault: options.commandBarByDefault,
    sessionStorage: perTab,
  });
  // Kept with the user configs (`userProfileStr`): in the region's Vault, else this browser.
  const userProfile = createUserProfileUseCase({
    api,
    store: userConfigsProfileStore(userSettings),
  });
  /** The region's Vault and the project's home in it, when the region has a Vault. */
  const durableVaultHome = (projectId: string) => {
    const vaultSession = vault.session();
    const project = current().userInfo?.projects?.find((p) => p.id === projectId);
    return vaultSession?.durable && project
      ? { port: vaultSession.port, topDir: vaultSession.topDirOf(project) }
      : undefined;
  };
  const newServicePassword = () => generateOneTimePassword(Math.random);
  const savedConfigs = createSavedConfigsUseCase({
    // The region's Vault when it has one (a group's list is shared by its members), else this browser.
    storageFor(projectId) {
      const home = durableVaultHome(projectId);
      if (!home) return browserSavedConfigs(local, projectId, onOtherTabWrite);
      const group = current().userInfo?.projects?.find((p) => p.id === projectId)?.group;
      return vaultSavedConfigs(home.port, home.topDir, newServicePassword, {
        // A group's list is shared: another member's save shows up without a reload.
        watchEveryMs: group ? GROUP_CONFIGS_WATCH_MS : 0,
      });
    },
    storageKey: () => JSON.stringify([vault.enabled(), current().userInfo?.idep]),
  });
  return {
    api,
    session,
    vault,
    userSettings,
    secrets: createSecretsUseCase({ vault, catalogs, api }),
    preferences,
    catalogs,
    events,
    services: createServicesUseCase({
      api,
      events,
      log: (call, commands, at) => commandLog.log(call, commands, at),
    }),
    admin: createAdminUseCase({ api: createAdminApi(http) }),
    commandLog,
    savedConfigs,
    s3: createS3UseCase({
      loadAdapter: () => import("./adapters/s3Client.ts").then((m) => m.s3Adapter),
      oidcTokens: () => session.oidcTokens(),
      accessTokenFor: (override) => session.accessTokenFor(override),
      commandLog,
      // The user configs' `s3BookmarksStr`: the personal project's `.onyxia/` in Vault, else this browser.
      userBookmarks: userConfigsS3BookmarksStore(userSettings, () => current().userInfo?.idep),
      // As the saved configurations: the project's `.onyxia/` in Vault, else this browser.
      profilesStorage(projectId) {
        const home = durableVaultHome(projectId);
        return home
          ? vaultS3Profiles(home.port, home.topDir, newServicePassword)
          : browserS3Profiles(local, projectId);
      },
      sessionStorage: perTab,
    }),
    userProfile,
    featureDeps: { api, catalogs, localStorage: local, sessionStorage: perTab, userProfile },
    service: {
      actions: (onDone) => createServiceActions(api, onDone),
      launchTiming: (release) => readLaunchTiming(perTab, release),
    },
  };
}
