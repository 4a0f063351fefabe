// Where the declarative user profile's values are kept (reference §9): Onyxia keeps them with the
// user's configs, `<personal vaultTopDir>/.onyxia/userProfileStr`, in the region's Vault (else this
// browser's fallback). bootstrap.ts builds it over the user-settings use case.
import type { UserProfile } from "@onyxia-ts/core";

export interface UserProfileStore {
  /** The stored `userProfileStr` text (null: nothing saved yet). */
  load(): Promise<string | null>;
  save(text: string | null): Promise<void>;
}

export type { UserProfile };
