// Loads the launch's S3 profiles (STS credentials included) once per visit; a failure shows an
// error panel with a retry, never a launch with silently empty S3 values.
import { apiSession } from "../../api/client.ts";
import { useAsync } from "../../api/useAsync.ts";
import { branding } from "../../config/branding.ts";
import type { LaunchS3 } from "../../s3/launcherS3.ts";
import type { Session } from "../../shell/SessionProvider.tsx";

export function useLaunchS3(session: Session, selectedProfileName: string | undefined) {
  return useAsync(async (): Promise<LaunchS3> => {
    const regionData = session.configuration.regions?.[0]?.data;
    // The AWS SDK (~110 kB gzipped) is loaded only when the region has S3.
    if (!(regionData as { S3?: unknown } | undefined)?.S3) return { s3: undefined, warnings: [] };
    const { loadLaunchS3 } = await import("../../s3/launcherS3.ts");
    return loadLaunchS3({
      regionData,
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
    });
  }, [session, selectedProfileName]);
}
