// The declarative user profile (reference §9): its schema (GET /profile/schema, none when the
// server has no profile form) and the user's saved values, through the UserProfileStore port.
// The account page renders and edits it; the launcher reads `current()` for `user.profile`.
import type { JSONSchema } from "@onyxia-ts/core";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type { UserProfile, UserProfileStore } from "../../ports/userProfileStore.ts";
import { createState, type Store } from "../../store.ts";

export type UserProfileState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; schema: JSONSchema | undefined; profile: UserProfile | undefined }
  | { status: "error"; error: unknown };

export interface UserProfileUseCase extends Store<UserProfileState> {
  /** Loads the schema and the user's values (again when the user changes). */
  load(userId: string): Promise<void>;
  save(profile: UserProfile): Promise<void>;
  /** The saved profile, if loaded: what launches inject. */
  current(): UserProfile | undefined;
}

export function createUserProfileUseCase(deps: {
  api: Pick<OnyxiaApi, "profileSchema">;
  store: UserProfileStore;
}): UserProfileUseCase {
  const state = createState<UserProfileState>({ status: "idle" });
  let userId: string | undefined;
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    async load(id) {
      userId = id;
      state.set({ status: "loading" });
      try {
        const [schema, profile] = await Promise.all([
          deps.api.profileSchema(),
          deps.store.load(id),
        ]);
        if (userId === id) state.set({ status: "ready", schema, profile });
      } catch (error) {
        if (userId === id) state.set({ status: "error", error });
      }
    },
    async save(profile) {
      const current = state.get();
      if (userId === undefined || current.status !== "ready")
        throw new Error("The profile is saved once it has loaded");
      await deps.store.save(userId, profile);
      state.set({ ...current, profile });
    },
    current() {
      const current = state.get();
      return current.status === "ready" ? current.profile : undefined;
    },
  };
}
