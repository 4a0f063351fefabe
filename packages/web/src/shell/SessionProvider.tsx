import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import { useNavigate } from "react-router";
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import type { ApiProject, PublicConfiguration, UserInfo } from "@onyxia-ts/core";
import { IdleCountdown } from "./IdleCountdown.tsx";
import { useCore, useStore } from "./CoreProvider.tsx";
import { ErrorPanel } from "./ErrorPanel.tsx";
import { useAsync } from "./useAsync.ts";

export interface Session {
  configuration: PublicConfiguration;
  region: string | undefined;
  /** Undefined when nobody is logged in (auth mode "none" or anonymous visitor). */
  userInfo: UserInfo | undefined;
  project: ApiProject | undefined;
  projects: ApiProject[];
  loggedIn: boolean;
  /** OIDC mode: login/logout exist. Auth mode "none": everyone is the default user. */
  canLogin: boolean;
  login: () => void;
  logout: () => void;
  setProject: (projectId: string) => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Loads the session (the session use case) and renders the app once it is there. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { session: sessionUseCase, userProfile } = useCore();
  const state = useAsync((signal) => sessionUseCase.load(signal), [sessionUseCase]);
  // The project in effect is the use case's: the one every API call carries.
  useStore(sessionUseCase);
  const loaded = state.status === "success" ? state.data : undefined;
  const projects = loaded?.userInfo?.projects ?? [];
  const project = sessionUseCase.currentProject();
  const setProject = sessionUseCase.selectProject;
  const navigate = useNavigate();
  useEffect(() => {
    // Back from the provider: leave the callback URL (code, state) for the page the user was on.
    if (loaded?.returnTo) void navigate(loaded.returnTo, { replace: true });
  }, [loaded?.returnTo]);
  useEffect(() => {
    if (project && loaded?.userInfo) sessionUseCase.onboardOnce(project);
  }, [project?.id, loaded?.userInfo]);
  // The declarative profile, once per user: launches inject it as user.profile.
  useEffect(() => {
    const idep = loaded?.userInfo?.idep;
    if (idep) void userProfile.load(idep);
  }, [loaded?.userInfo?.idep]);

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
