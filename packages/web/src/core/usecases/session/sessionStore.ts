// Who is here and where: the configuration, the region, the OIDC session, the user and the
// selected project. The one source of what every API call sends (requestContext).
import { ApiError } from "../../ports/apiError.ts";
import type { ApiProject, PublicConfiguration, UserInfo } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { OidcClientOverride, StartOidc } from "../../ports/oidc.ts";
import type { OnyxiaApi, RequestContext } from "../../ports/onyxiaApi.ts";
import { createState, type Store } from "../../store.ts";
import type { CatalogsUseCase } from "../catalogs/catalogsStore.ts";
import { pickProject } from "./projects.ts";

export interface LoadedSession {
  configuration: PublicConfiguration;
  region: string | undefined;
  /** Undefined when nobody is logged in (anonymous visitor). */
  userInfo: UserInfo | undefined;
  /** OIDC mode only: login and logout exist. */
  auth: { login: () => void; logout: () => void } | undefined;
  /** After a login redirect: where the user was. */
  returnTo: string | undefined;
}

export interface SessionSnapshot {
  loaded: LoadedSession | undefined;
  /** The stored choice; the project in effect is `currentProject`. */
  selectedProjectId: string | null;
}

export interface SessionUseCase extends Store<SessionSnapshot> {
  /** Sends GET /public/configuration before React renders; the first load uses that answer. */
  prefetchConfiguration(): void;
  load(signal: AbortSignal): Promise<LoadedSession>;
  /** The first load's result, whoever started it (a read started with the app waits for it). */
  whenLoaded(): Promise<LoadedSession>;
  selectProject(projectId: string): void;
  currentProject(): ApiProject | undefined;
  requestContext(): RequestContext;
  /** The current OIDC access token and ID token claims (S3 STS and templating); none when anonymous. */
  oidcTokens(): { accessToken: string | undefined; idTokenClaims: Record<string, unknown> };
  /** An access token of another client of the provider (a service's `oidcConfiguration`). */
  accessTokenFor(override: OidcClientOverride): Promise<string>;
  /** Onyxia's onboarding call, once per project per browser session; failures are not the user's problem. */
  onboardOnce(project: ApiProject): void;
}

const projectKey = "datalab.selectedProject";
const onboardedKey = "datalab.onboarded.";

export function createSessionUseCase(deps: {
  api: Pick<OnyxiaApi, "configuration" | "userInfo" | "onboarding">;
  catalogs: CatalogsUseCase;
  /** Loaded only in OIDC mode: auth mode "none" never downloads the OIDC client. */
  startOidc: () => Promise<StartOidc>;
  /** localStorage: the selected project. */
  storage: KeyValueStorage;
  /** sessionStorage: the projects already onboarded. */
  sessionStorage: KeyValueStorage;
  /** The page being opened, to prefetch what it needs first. */
  currentPath: () => string;
  /** AUTHENTICATION_GLOBALLY_REQUIRED: no page for an anonymous visitor, the login first. */
  authenticationGloballyRequired?: boolean;
}): SessionUseCase {
  const state = createState<SessionSnapshot>({
    loaded: undefined,
    selectedProjectId: deps.storage.getItem(projectKey),
  });
  let early: Promise<PublicConfiguration> | undefined;
  let accessToken: () => string | undefined = () => undefined;
  let accessTokenFor: (override: OidcClientOverride) => Promise<string> = () =>
    Promise.reject(new Error("No OIDC session: another client's token needs a login"));
  let idTokenClaims: () => Record<string, unknown> = () => ({});
  let firstLoaded: (loaded: LoadedSession) => void = () => undefined;
  const whenLoaded = new Promise<LoadedSession>((resolve) => {
    firstLoaded = resolve;
  });

  const currentProject = () => {
    const { loaded, selectedProjectId } = state.get();
    return pickProject(loaded?.userInfo?.projects ?? [], selectedProjectId);
  };

  async function load(signal: AbortSignal): Promise<LoadedSession> {
    const pending = early;
    early = undefined;
    const configuration = await (pending ?? deps.api.configuration(signal)).catch(() =>
      deps.api.configuration(signal),
    );
    const region = configuration.regions?.[0]?.id;
    let auth: LoadedSession["auth"];
    let returnTo: string | undefined;
    let loggedOut = false;
    if (configuration.oidcConfiguration) {
      const startOidc = await deps.startOidc();
      const oidc = await startOidc(configuration.oidcConfiguration);
      auth = { login: oidc.login, logout: oidc.logout };
      accessToken = oidc.accessToken;
      if (oidc.accessTokenFor) accessTokenFor = oidc.accessTokenFor;
      idTokenClaims = oidc.idTokenClaims;
      returnTo = oidc.returnTo;
      loggedOut = !oidc.isLoggedIn();
    }
    const publish = (userInfo: UserInfo | undefined): LoadedSession => {
      const loaded = { configuration, region, userInfo, auth, returnTo };
      state.set((s) => ({ ...s, loaded }));
      return loaded;
    };
    if (loggedOut && auth && deps.authenticationGloballyRequired) {
      // The provider's page replaces this one: stay loading (no page renders) until it does.
      auth.login();
      return new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }),
      );
    }
    if (loggedOut) {
      const anonymous = publish(undefined);
      firstLoaded(anonymous);
      return anonymous;
    }
    // The region header goes with /user/info already.
    state.set((s) => ({
      ...s,
      loaded: { configuration, region, userInfo: undefined, auth, returnTo },
    }));
    let userInfo: UserInfo | undefined;
    try {
      userInfo = await deps.api.userInfo(signal);
    } catch (error) {
      // 401/403/404: anonymous visitor; the public endpoints still work. Anything else is a real failure.
      if (!(
        error instanceof ApiError &&
        error.kind === "http" &&
        [401, 403, 404].includes(error.status ?? 0)
      )) {
        throw error;
      }
    }
    const loaded = publish(userInfo);
    firstLoaded(loaded);
    // The catalog and launcher pages need the catalogs first: ask now, not after their chunk renders.
    if (/^\/(catalog|launcher)(\/|$)/.test(deps.currentPath())) {
      void deps.catalogs.get(userInfo !== undefined, currentProject()?.id).catch(() => undefined);
    }
    return loaded;
  }

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    prefetchConfiguration() {
      early = deps.api.configuration();
      early.catch(() => undefined); // a failure is reported by load, which retries
    },
    load,
    whenLoaded: () => whenLoaded,
    selectProject(projectId) {
      deps.storage.setItem(projectKey, projectId);
      state.set((s) => ({ ...s, selectedProjectId: projectId }));
    },
    currentProject,
    requestContext: () => ({
      region: state.get().loaded?.region,
      project: currentProject()?.id,
      accessToken: accessToken(),
    }),
    oidcTokens: () => ({ accessToken: accessToken(), idTokenClaims: idTokenClaims() }),
    accessTokenFor: (override) => accessTokenFor(override),
    onboardOnce(project) {
      if (deps.sessionStorage.getItem(onboardedKey + project.id)) return;
      // No storage: onboard every time, it is idempotent.
      deps.sessionStorage.setItem(onboardedKey + project.id, "1");
      void deps.api.onboarding(project.group ?? undefined).catch(() => undefined);
    },
  };
}
