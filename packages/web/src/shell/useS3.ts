// React bindings of the S3 use case: the scope of this session (region, project, who), and the
// profiles opened for it. Shared by the S3 page, the launcher's S3 part and the left bar.
import { useMemo } from "react";
import { branding } from "../config/branding.ts";
import { regionHasS3, s3ScopeOf, type S3Scope } from "../core/usecases/s3/s3UseCase.ts";
import { useCore, useStore } from "./CoreProvider.tsx";
import { useSession } from "./SessionProvider.tsx";
import { useAsync } from "./useAsync.ts";

export function useS3Scope(): S3Scope {
  const session = useSession();
  const region = session.configuration.regions?.[0];
  return useMemo(
    () =>
      s3ScopeOf(
        { region, project: session.project, userInfo: session.userInfo },
        branding.disablePersonalInfosInjectionInGroup,
      ),
    [region, session.project, session.userInfo],
  );
}

/** Whether the left bar shows "My files": the region has S3 and someone is logged in. */
export function useHasS3(): boolean {
  const session = useSession();
  return session.loggedIn && regionHasS3(session.configuration.regions?.[0]);
}

/** The user's bookmarks (their user configs) and the current project's profiles of their own. */
export function useS3UserData() {
  const { s3 } = useCore();
  const scope = useS3Scope();
  const store = useMemo(() => s3.userData(scope.projectStorageId), [s3, scope.projectStorageId]);
  return { data: useStore(store), store };
}

/** The profiles of this session with their clients (the SDK is loaded on the first call). */
export function useS3Profiles() {
  const { s3 } = useCore();
  const scope = useS3Scope();
  const { data: userData } = useS3UserData();
  return useAsync(() => s3.profiles(scope), [s3, scope, userData.profiles]);
}
