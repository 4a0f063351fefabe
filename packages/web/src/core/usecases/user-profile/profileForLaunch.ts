// What a launch injects from the declarative profile (reference §9): the saved profile, else the
// schema's defaults, split into `user.profile` and the kept-out fields. Used by the launcher only.
import { defaultUserProfile, splitUserProfile, type ProfileForLaunch } from "@onyxia-ts/core";
import type { LoadedProfile } from "./userProfile.ts";

/** undefined without a profile form (or before it has loaded). */
export function profileForLaunch(
  loaded: LoadedProfile | undefined,
  context: unknown,
): ProfileForLaunch | undefined {
  if (loaded?.schema === undefined) return undefined;
  try {
    return splitUserProfile(loaded.profile ?? defaultUserProfile(loaded.schema, context));
  } catch {
    // A profile schema whose defaults cannot be computed injects nothing (the account page says why).
    return undefined;
  }
}
