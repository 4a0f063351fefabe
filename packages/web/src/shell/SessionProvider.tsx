import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import { useNavigate } from "react-router";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { ApiError } from "../api/ApiError.ts";
import { apiSession } from "../api/client.ts";
import { api } from "../api/endpoints.ts";
import { getCatalogs } from "../api/cachedCatalogs.ts";
import type { Project, PublicConfiguration, UserInfo } from "../api/types.ts";
import { useAsync } from "../api/useAsync.ts";
import { IdleCountdown } from "../auth/IdleCountdown.tsx";
import { readStored, writeStored } from "../config/storage.ts";
import { ErrorPanel } from "./ErrorPanel.tsx";
import { pickProject } from "./projects.ts";

export interface Session {
  configuration: PublicConfiguration;
  region: string | undefined;
  /** Undefined when nobody is logged in (auth mode "none" or anonymous visitor). */
  userInfo: UserInfo | undefined;
  project: Project | undefined;
  projects: Project[];
  loggedIn: boolean;
  /** OIDC mode: login/logout exist. Auth mode "none": everyone is the default user. */
  canLogin: boolean;
  login: () => void;
  logout: () => void;
  setProject: (projectId: string) => void;
}

const SessionContext = createContext<Session | undefined>(undefined);
const projectKey = "datalab.selectedProject";

interface Loaded {
  configuration: PublicConfiguration;
  region: string | undefined;
  userInfo: UserInfo | undefined;
  /** OIDC mode only. */
  auth: { login: () => void; logout: () => void } | undefined;
  returnTo?: string | undefined;
}

let early: Promise<PublicConfiguration> | undefined;

/** Sends GET /public/configuration before React renders; the first session load uses that answer. */
export function startConfigurationRequest(): void {
  early = api.configuration();
  early.catch(() => undefined); // a failure is reported by loadSession, which retries
}

async function loadSession(signal: AbortSignal): Promise<Loaded> {
  const pending = early;
  early = undefined;
  const configuration = await (pending ?? api.configuration(signal)).catch(() =>
    api.configuration(signal),
  );
  const region = configuration.regions?.[0]?.id;
  apiSession.region = region;
  let auth: Loaded["auth"];
  let returnTo: string | undefined;
  if (configuration.oidcConfiguration) {
    // Loaded only in OIDC mode: auth mode "none" never downloads the OIDC client.
    const { startOidc, login, logout } = await import("../auth/oidc.ts");
    const oidc = await startOidc(configuration.oidcConfiguration);
    const manager = oidc.manager;
    auth = { login: () => void login(manager), logout: () => void logout(manager) };
    // Read at each call: silent renew replaces the user (and its token) in the background.
    let current = oidc.user;
    manager.events.addUserLoaded((user) => {
      current = user;
    });
    manager.events.addUserUnloaded(() => {
      current = null;
    });
    apiSession.accessToken = () => current?.access_token;
    apiSession.idTokenClaims = () => current?.profile;
    returnTo = oidc.returnTo;
    if (!oidc.user) return { configuration, region, userInfo: undefined, auth, returnTo };
  }
  let userInfo: UserInfo | undefined;
  try {
    userInfo = await api.userInfo(signal);
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
  // The catalog and launcher pages need the catalogs first: ask now, not after their chunk renders.
  if (/^\/(catalog|launcher)(\/|$)/.test(window.location.pathname)) {
    const projectId = pickProject(userInfo?.projects ?? [], readStored(projectKey))?.id;
    apiSession.project = projectId; // the same choice the provider makes when it renders
    void getCatalogs(userInfo !== undefined, projectId).catch(() => undefined);
  }
  return { configuration, region, userInfo, auth, returnTo };
}

const onboarded = "datalab.onboarded.";

/** Onyxia's onboarding call, once per project per browser session; failures are not the user's problem here. */
function onboardOnce(project: Project): void {
  try {
    if (sessionStorage.getItem(onboarded + project.id)) return;
    sessionStorage.setItem(onboarded + project.id, "1");
  } catch {
    /* no storage: onboard every time, it is idempotent */
  }
  void api.onboarding(project.group ?? undefined).catch(() => undefined);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useAsync(loadSession, []);
  const [projectId, setProjectId] = useState<string | null>(() => readStored(projectKey));
  const loaded = state.status === "success" ? state.data : undefined;
  const projects = loaded?.userInfo?.projects ?? [];
  const project = pickProject(projects, projectId);
  // Set before children render, so their first calls already carry the right project.
  apiSession.project = project?.id;

  const setProject = useCallback((id: string) => {
    writeStored(projectKey, id);
    setProjectId(id);
  }, []);
  const navigate = useNavigate();
  useEffect(() => {
    // Back from the provider: leave the callback URL (code, state) for the page the user was on.
    if (loaded?.returnTo) void navigate(loaded.returnTo, { replace: true });
  }, [loaded?.returnTo]);
  useEffect(() => {
    if (project && loaded?.userInfo) onboardOnce(project);
  }, [project?.id, loaded?.userInfo]);

  const session = useMemo<Session | undefined>(() => {
    if (!loaded) return undefined;
    const { auth } = loaded;
    return {
      configuration: loaded.configuration,
      region: loaded.region,
      userInfo: loaded.userInfo,
      project,
      projects,
      loggedIn: loaded.userInfo !== undefined,
      canLogin: auth !== undefined,
      login: () => auth?.login(),
      logout: () => auth?.logout(),
      setProject,
    };
  }, [loaded, project, setProject]);

  if (state.status === "loading") {
    return (
      <Box sx={{ display: "grid", placeItems: "center", minHeight: "50vh", width: "100%" }}>
        <CircularProgress aria-label="loading" />
      </Box>
    );
  }
  if (state.status === "error" || !session) {
    return (
      <Box sx={{ p: 4, width: "100%" }}>
        <ErrorPanel
          error={state.status === "error" ? state.error : undefined}
          onRetry={state.retry}
        />
      </Box>
    );
  }
  const idle = loaded?.configuration.oidcConfiguration?.idleSessionLifetimeInSeconds;
  return (
    <SessionContext.Provider value={session}>
      {session.loggedIn && idle !== undefined && idle > 0 && (
        <IdleCountdown lifetimeSeconds={idle} onExpire={session.logout} />
      )}
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}
