// Where the declarative user profile's values are kept (reference §9). Onyxia keeps them with
// the user's settings in Vault (`<personal vaultTopDir>/.onyxia/userProfileStr`); here a
// browser-storage adapter implements it today, and a Vault adapter can replace it in
// bootstrap.ts (with the user-settings move to Vault) without touching the use case or pages.
import type { JsonValue } from "@onyxia-ts/core";

/** A helm-style path into the profile values (`["aiAssistant", "apiKey"]`). */
export type ProfilePath = (string | number)[];

export interface UserProfile {
  values: Record<string, JsonValue>;
  /** Fields the user keeps out of `user.profile`: offered as autocomplete options instead. */
  autoInjectionDisabledFields: ProfilePath[];
}

export interface UserProfileStore {
  /** undefined: nothing saved yet. */
  load(userId: string): Promise<UserProfile | undefined>;
  save(userId: string, profile: UserProfile): Promise<void>;
}
