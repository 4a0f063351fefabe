// The composition root of the web app: builds the adapters (the Onyxia API over fetch, OIDC,
// the browser's storages, the events stream over SSE) and hands them to the use cases. Called once
// by main.tsx; a test calls it with fakes (fetch, storages) or builds a use case alone.
import { onOtherTabWrite, localStore, sessionStore } from "./adapters/browserStorage.ts";
import { createOnyxiaApi } from "./adapters/onyxia-api/createOnyxiaApi.ts";
import { createHttpClient, type HttpClientOptions } from "./adapters/onyxia-api/httpClient.ts";
import { createSseEventsSource } from "./adapters/sseEventsSource.ts";
import type { KeyValueStorage } from "./ports/keyValueStorage.ts";
import type { StartOidc } from "./ports/oidc.ts";
import type { OnyxiaApi } from "./ports/onyxiaApi.ts";
import type { FeatureDeps } from "./featureDeps.ts";
import { createCatalogsUseCase, type CatalogsUseCase } from "./usecases/catalogs/catalogsStore.ts";
import { createCommandLog, type CommandLog } from "./usecases/command-log/commandLog.ts";
import { createEventsUseCase, type EventsUseCase } from "./usecases/events/eventsStore.ts";
import { sessionProjectPassword } from "./usecases/launcher/contextInput.ts";
import {
  createPreferencesUseCase,
  type PreferencesUseCase,
} from "./usecases/preferences/preferencesStore.ts";
import {
  createSavedConfigsUseCase,
  type SavedConfigsUseCase,
} from "./usecases/saved-configs/savedConfigsStore.ts";
import { readLaunchTiming, type TimingPhase } from "./usecases/service/editLogic.ts";
import { createServiceActions, type ServiceActions } from "./usecases/services/serviceActions.ts";
import { createServicesUseCase, type ServicesUseCase } from "./usecases/services/servicesStore.ts";
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
  /** For the features a page builds on demand (launcher, service editor): see featureDeps.ts. */
  featureDeps: FeatureDeps;
  service: {
    actions(onDone: () => void): ServiceActions;
    /** The launch's server-timing phases, when this tab launched it. */
    launchTiming(release: string): TimingPhase[];
    /** The project's service password for this browser session. */
    projectPassword(projectId: string): string;
  };
}

export interface BootstrapOptions {
  /** "/api" in the app. */
  apiBaseUrl: string;
  /** The web customisation's DISABLE_COMMAND_BAR. */
  commandBarByDefault: boolean;
  fetch?: typeof fetch;
  localStorage?: KeyValueStorage;
  sessionStorage?: KeyValueStorage;
  startOidc?: () => Promise<StartOidc>;
  currentPath?: () => string;
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
  });
  const events = createEventsUseCase({
    source: createSseEventsSource(createHttpClient(http)),
    storage: local,
  });
  return {
    api,
    session,
    preferences,
    catalogs,
    events,
    services: createServicesUseCase({ api, events }),
    commandLog,
    savedConfigs: createSavedConfigsUseCase({ storage: local, onExternalChange: onOtherTabWrite }),
    featureDeps: { api, catalogs, localStorage: local, sessionStorage: perTab },
    service: {
      actions: (onDone) => createServiceActions(api, onDone),
      launchTiming: (release) => readLaunchTiming(perTab, release),
      projectPassword: (projectId) => sessionProjectPassword(perTab, projectId, Math.random),
    },
  };
}
