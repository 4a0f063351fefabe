// The account page's profile form (reference §9): the launcher's form engine (ValuesForm) over the
// profile schema, plus which fields are kept out of launches (a switch per array item, as in
// Onyxia), unsaved-changes tracking, save and undo. Loaded with the account page only.
import {
  deepEqual,
  defaultUserProfile,
  isAutoInjected,
  removeUserProfileItem,
  setAutoInjected,
  type JSONSchema,
  type JsonValue,
  type UserProfile,
  type XOnyxiaContext,
} from "@onyxia-ts/core";
import { createState, type Store } from "../../store.ts";
import { createValuesForm, type HelmPath, type ValuesForm } from "../launcher-form/valuesForm.ts";

export interface ProfileFormState {
  disabledFields: UserProfile["autoInjectionDisabledFields"];
  /** Values or injection settings differ from what is saved. */
  dirty: boolean;
  saving: boolean;
  /** The last save went through (cleared by the next edit). */
  saved: boolean;
  saveError: unknown;
}

export interface ProfileForm extends Store<ProfileFormState> {
  /** The values, edited with the launcher's widgets. */
  values: ValuesForm;
  /** The form actions the widgets call (ValuesForm's, removal keeping the injection settings in step). */
  actions: {
    setValue: ValuesForm["setValue"];
    removeItem: (path: HelmPath) => void;
    autoInjection: {
      isInjected: (path: HelmPath) => boolean;
      setInjected: (path: HelmPath, injected: boolean) => void;
    };
  };
  save(): Promise<void>;
  /** Back to the saved profile. */
  restore(): void;
}

export function createProfileForm(input: {
  schema: JSONSchema;
  /** The saved profile; undefined: the schema's defaults. */
  profile: UserProfile | undefined;
  context: XOnyxiaContext;
  save: (profile: UserProfile) => Promise<void>;
}): ProfileForm {
  let saved = input.profile ?? defaultUserProfile(input.schema, input.context);
  const values = createValuesForm(
    { schema: input.schema, context: input.context, dependencies: [], valuesYaml: undefined },
    saved.userProfileValues,
  );
  const current = (): UserProfile => ({
    userProfileValues: values.getSnapshot().values as Record<string, JsonValue>,
    autoInjectionDisabledFields: state.get().disabledFields,
  });
  const isDirty = (profile: UserProfile) => !deepEqual(profile, saved);
  const state = createState<ProfileFormState>({
    disabledFields: saved.autoInjectionDisabledFields,
    dirty: false,
    saving: false,
    saved: false,
    saveError: undefined,
  });
  const refresh = () =>
    state.set((s) => {
      const dirty = isDirty(current());
      return dirty === s.dirty && !(dirty && s.saved)
        ? s
        : { ...s, dirty, saved: dirty ? false : s.saved };
    });
  values.subscribe(refresh);
  const setProfile = (profile: UserProfile) => {
    state.set((s) => ({ ...s, disabledFields: profile.autoInjectionDisabledFields }));
    values.setValues(profile.userProfileValues);
    refresh();
  };

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    values,
    actions: {
      setValue: values.setValue,
      removeItem(path) {
        const index = path[path.length - 1];
        if (typeof index !== "number") return values.removeItem(path);
        setProfile(removeUserProfileItem(current(), path.slice(0, -1), index));
      },
      autoInjection: {
        isInjected: (path) => isAutoInjected(current(), path),
        setInjected: (path, injected) => setProfile(setAutoInjected(current(), path, injected)),
      },
    },
    async save() {
      const profile = current();
      state.set((s) => ({ ...s, saving: true, saveError: undefined }));
      try {
        await input.save(profile);
        saved = profile;
        state.set((s) => ({ ...s, saving: false, saved: true, dirty: isDirty(current()) }));
      } catch (saveError) {
        state.set((s) => ({ ...s, saving: false, saveError }));
      }
    },
    restore: () => setProfile(saved),
  };
}
