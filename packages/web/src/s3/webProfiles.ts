// The browser's S3 profile sessions, opened once per page load and shared by the explorer, the
// profile panel and the launcher.
import { apiSession } from "../api/client.ts";
import type { Region } from "../api/types.ts";
import { openProfileSession, regionS3Profiles, type ProfileSession } from "./s3Profiles.ts";

const opened = new Map<string, ProfileSession>();

export function webProfileSessions(region: Region | undefined): {
  sessions: ProfileSession[];
  warnings: string[];
} {
  const claims = apiSession.idTokenClaims?.() ?? {};
  const { profiles, warnings } = regionS3Profiles(region?.data, claims);
  const sessions = profiles.map((profile) => {
    const key = JSON.stringify(profile);
    let session = opened.get(key);
    if (!session) {
      session = openProfileSession(profile, {
        getAccessToken: async () => {
          const token = apiSession.accessToken?.();
          if (!token) throw new Error("S3 needs a login (no OIDC access token)");
          return token;
        },
        ...(typeof sessionStorage !== "undefined" ? { storage: sessionStorage } : {}),
        userKey: String(claims.preferred_username ?? claims.sub ?? "user"),
      });
      opened.set(key, session);
    }
    return session;
  });
  return { sessions, warnings };
}
