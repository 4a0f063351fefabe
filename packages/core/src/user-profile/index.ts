// The declarative user profile: its stored form, what launches inject, the launcher's autocomplete.
export {
  defaultUserProfile,
  isAutoInjected,
  readUserProfileStr,
  removeUserProfileItem,
  setAutoInjected,
  splitUserProfile,
  writeUserProfileStr,
  type ProfileForLaunch,
  type UserProfile,
} from "./user-profile.ts";
export {
  computeAutocompleteOptions,
  schemaAtValuesPath,
  type AutocompleteOption,
} from "./autocomplete.ts";
