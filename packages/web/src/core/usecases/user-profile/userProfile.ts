// The declarative user profile (reference §9): its schema (GET /profile/schema, none when the
// server has no profile form) and the user's saved profile (Onyxia's `userProfileStr`, in the user
// configs). The account page edits it (profileForm.ts, loaded with the page); launches inject it
// as `user.profile.*` (profileForLaunch.ts, loaded with the launcher: the defaults computation
// stays out of the first chunk).
import {
  readUserProfileStr,
  writeUserProfileStr,
  type JSONSchema,
  type UserProfile,
} from "@onyxia-ts/core";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type { UserProfileStore } from "../../ports/userProfileStore.ts";
import { createState, type Store } from "../../store.ts";
import type { UserSettingsUseCase } from "../user-settings/userSettingsStore.ts";

/** The profile kept where Onyxia keeps it: the user configs' `userProfileStr` (Vault, else this browser). */
export function userConfigsProfileStore(
  settings: Pick<UserSettingsUseCase, "userConfigs" | "saveUserConfigs">,
): UserProfileStore {
  return {
    load: async () => (await settings.userConfigs()).userProfileStr,
    save: (text) => settings.saveUserConfigs({ userProfileStr: text }),
  };
}

export type UserProfileState =
  | { status: "idle" }
  | { status: "loading" }
  | {
      status: "ready";
      schema: JSONSchema | undefined;
      /** undefined: never saved (or unreadable): the schema's defaults apply. */
      profile: UserProfile | undefined;
      /** Why a stored profile was not usable (it was then reset, as Onyxia does). */
      problem?: string;
    }
  | { status: "error"; error: unknown };

export interface LoadedProfile {
  schema: JSONSchema | undefined;
  profile: UserProfile | undefined;
}

export interface UserProfileUseCase extends Store<UserProfileState> {
  /** Loads the schema and the user's profile, once per user; resolves when done (never rejects). */
  load(userId: string): Promise<void>;
  save(profile: UserProfile): Promise<void>;
  /** The schema and saved profile once loaded (launches: see profileForLaunch.ts). */
  loaded(): LoadedProfile | undefined;
}

export function createUserProfileUseCase(deps: {
  api: Pick<OnyxiaApi, "profileSchema">;
  /** The store of the signed-in user (their user configs). */
  store: UserProfileStore;
}): UserProfileUseCase {
  const state = createState<UserProfileState>({ status: "idle" });
  let loading: { userId: string; promise: Promise<void> } | undefined;
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    load(userId) {
      if (loading?.userId === userId && state.get().status !== "error") return loading.promise;
      state.set({ status: "loading" });
      const promise = (async () => {
        try {
          // Without a profile form the user configs are not read (no Vault call at start).
          const schema = await deps.api.profileSchema();
          const text = schema === undefined ? null : await deps.store.load();
          const { profile, problem } = readUserProfileStr(text);
          // Onyxia resets a stored profile it cannot read.
          if (problem !== undefined) await deps.store.save(null);
          if (loading?.userId === userId)
            state.set({ status: "ready", schema, profile, ...(problem ? { problem } : {}) });
        } catch (error) {
          if (loading?.userId === userId) state.set({ status: "error", error });
        }
      })();
      loading = { userId, promise };
      return promise;
    },
    async save(profile) {
      const current = state.get();
      if (current.status !== "ready")
        throw new Error("The profile can be saved once it has loaded");
      await deps.store.save(writeUserProfileStr(profile));
      state.set({ status: "ready", schema: current.schema, profile });
    },
    loaded() {
      const current = state.get();
      return current.status === "ready"
        ? { schema: current.schema, profile: current.profile }
        : undefined;
    },
  };
}
