// The launch's S3 part (every profile with live STS credentials, the `s3=` link parameter's one
// selected), loaded once per visit; a failure shows an error panel with a retry, never a launch
// with silently empty S3 values. Kept apart from the rest of the context on purpose.
import { useCore } from "../../shell/CoreProvider.tsx";
import { useS3Scope } from "../../shell/useS3.ts";
import { useAsync } from "../../shell/useAsync.ts";

export function useLaunchS3(selectedProfileName: string | undefined) {
  const { s3 } = useCore();
  const scope = useS3Scope();
  return useAsync(
    () => s3.launchPart(scope, selectedProfileName),
    [s3, scope, selectedProfileName],
  );
}
