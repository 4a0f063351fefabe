// What bootstrap hands to the features that are built on demand by the page that needs them
// (launcher, service editor): they pull the form engine and the YAML parser, which must stay out
// of the first chunk. A page gets one with shell's useFeature(createXUseCase).
import type { KeyValueStorage } from "./ports/keyValueStorage.ts";
import type { OnyxiaApi } from "./ports/onyxiaApi.ts";
import type { CatalogsUseCase } from "./usecases/catalogs/catalogsStore.ts";
import type { UserProfileUseCase } from "./usecases/user-profile/userProfile.ts";

export interface FeatureDeps {
  api: OnyxiaApi;
  catalogs: CatalogsUseCase;
  localStorage: KeyValueStorage;
  /** This tab's storage (sessionStorage). */
  sessionStorage: KeyValueStorage;
  /** The declarative profile: launches inject it as `user.profile`. */
  userProfile: Pick<UserProfileUseCase, "loaded">;
}
