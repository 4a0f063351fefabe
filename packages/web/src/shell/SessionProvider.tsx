import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import { createContext, useContext, type ReactNode } from "react";
import { ApiError } from "../api/ApiError.ts";
import { apiSession } from "../api/client.ts";
import { api } from "../api/endpoints.ts";
import type { Project, PublicConfiguration, UserInfo } from "../api/types.ts";
import { useAsync } from "../api/useAsync.ts";
import { ErrorPanel } from "./ErrorPanel.tsx";

export interface Session {
  configuration: PublicConfiguration;
  region: string | undefined;
  /** Undefined when nobody is logged in (auth mode "none" or anonymous visitor). */
  userInfo: UserInfo | undefined;
  project: Project | undefined;
  loggedIn: boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

async function loadSession(signal: AbortSignal): Promise<Session> {
  const configuration = await api.configuration(signal);
  const region = configuration.regions?.[0]?.id;
  apiSession.region = region;
  let userInfo: UserInfo | undefined;
  try {
    userInfo = await api.userInfo(signal);
  } catch (error) {
    // 401/403/404: anonymous visitor; the public endpoints still work. Anything else is a real failure.
    if (!(error instanceof ApiError && error.kind === "http" && [401, 403, 404].includes(error.status ?? 0))) {
      throw error;
    }
  }
  // The personal project (the one without a group) is the default, as in Onyxia.
  const project = userInfo?.projects?.find((p) => !p.group) ?? userInfo?.projects?.[0];
  apiSession.project = project?.id;
  return { configuration, region, userInfo, project, loggedIn: userInfo !== undefined };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useAsync(loadSession, []);
  if (state.status === "loading") {
    return (
      <Box sx={{ display: "grid", placeItems: "center", minHeight: "50vh" }}>
        <CircularProgress aria-label="loading" />
      </Box>
    );
  }
  if (state.status === "error") {
    return (
      <Box sx={{ p: 4 }}>
        <ErrorPanel error={state.error} onRetry={state.retry} />
      </Box>
    );
  }
  return <SessionContext.Provider value={state.data}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}
