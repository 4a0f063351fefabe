// The UserProfileStore port over browser storage: one JSON document per user, the shape Onyxia
// stores as `userProfileStr`. To be swapped for a Vault-backed store in bootstrap.ts.
import type { KeyValueStorage } from "../ports/keyValueStorage.ts";
import type { UserProfile, UserProfileStore } from "../ports/userProfileStore.ts";

const keyOf = (userId: string) => `datalab.userProfile.${userId}`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A stored document that is not a profile (edited by hand, an older format) reads as none. */
export function parseStoredProfile(text: string | null): UserProfile | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed.values)) return undefined;
  const disabled = Array.isArray(parsed.autoInjectionDisabledFields)
    ? parsed.autoInjectionDisabledFields.filter(
        (p): p is (string | number)[] =>
          Array.isArray(p) && p.every((s) => typeof s === "string" || typeof s === "number"),
      )
    : [];
  return { values: parsed.values as UserProfile["values"], autoInjectionDisabledFields: disabled };
}

export function browserUserProfileStore(storage: KeyValueStorage): UserProfileStore {
  return {
    load: async (userId) => parseStoredProfile(storage.getItem(keyOf(userId))),
    save: async (userId, profile) => storage.setItem(keyOf(userId), JSON.stringify(profile)),
  };
}
