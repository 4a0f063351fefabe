// The declarative profile in launches (reference §4.3, §9): the values are injected as
// `user.profile.*` in the x-onyxia context, except the fields whose injection the user turned
// off, which only become autocomplete options. Kept in its own function so the launcher's
// context building (S3, Vault…) only has to call it.
import {
  getValueAtPath,
  removeValueAtPath,
  type JsonValue,
  type XOnyxiaContextInput,
} from "@onyxia-ts/core";
import type { ProfilePath, UserProfile } from "../../ports/userProfileStore.ts";

export interface ProfileForLaunch {
  /** What `user.profile` is; undefined when there is no profile. */
  injected: Record<string, JsonValue> | undefined;
  /** The values kept out, by path: the launcher offers them as suggestions. */
  autocompleteOptions: { path: ProfilePath; value: JsonValue }[];
}

export function profileForLaunch(profile: UserProfile | undefined): ProfileForLaunch {
  if (profile === undefined) return { injected: undefined, autocompleteOptions: [] };
  let injected: JsonValue = structuredClone(profile.values);
  const autocompleteOptions: ProfileForLaunch["autocompleteOptions"] = [];
  for (const path of profile.autoInjectionDisabledFields) {
    const value = getValueAtPath(injected, path);
    if (value === undefined) continue;
    autocompleteOptions.push({ path, value });
    injected = removeValueAtPath(injected, path) ?? {};
  }
  return {
    injected: injected as Record<string, JsonValue>,
    autocompleteOptions,
  };
}

/** The context input with `user.profile` set from the profile (left unset without one). */
export function withUserProfile(
  input: XOnyxiaContextInput,
  profile: UserProfile | undefined,
): XOnyxiaContextInput {
  const { injected } = profileForLaunch(profile);
  return injected === undefined ? input : { ...input, user: { ...input.user, profile: injected } };
}
