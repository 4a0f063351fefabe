// Loads the launch's S3 profiles (STS credentials included) once per visit; a failure shows an
// error panel with a retry, never a launch with silently empty S3 values.
import { apiSession } from "../../api/client.ts";
import { useAsync } from "../../api/useAsync.ts";
import { branding } from "../../config/branding.ts";
import { loadLaunchS3 } from "../../s3/launcherS3.ts";
import type { Session } from "../../shell/SessionProvider.tsx";

export function useLaunchS3(session: Session, selectedProfileName: string | undefined) {
  return useAsync(
    () =>
      loadLaunchS3({
        regionData: session.configuration.regions?.[0]?.data,
        claims: apiSession.idTokenClaims?.() ?? {},
        getAccessToken: async () => {
          const token = apiSession.accessToken?.();
          if (!token) throw new Error("S3 credentials need a login (no OIDC access token)");
          return token;
        },
        canInjectPersonalInfos: !(
          Boolean(session.project?.group) && branding.disablePersonalInfosInjectionInGroup
        ),
        ...(selectedProfileName ? { selectedProfileName } : {}),
        ...(session.userInfo?.idep ? { userKey: session.userInfo.idep } : {}),
        ...(typeof sessionStorage !== "undefined" ? { storage: sessionStorage } : {}),
      }),
    [session, selectedProfileName],
  );
}
