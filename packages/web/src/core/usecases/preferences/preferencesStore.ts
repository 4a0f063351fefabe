// Interface preferences kept in the browser (Onyxia keeps them in Vault; there is none here yet).
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import { createState, type Store } from "../../store.ts";

export interface Preferences {
  commandBar: boolean;
  gitName: string;
  gitEmail: string;
  gitToken: string;
}

export interface PreferencesUseCase extends Store<Preferences> {
  set(patch: Partial<Preferences>): void;
}

const key = "datalab.preferences";

export function createPreferencesUseCase(deps: {
  storage: KeyValueStorage;
  /** The web customisation's DISABLE_COMMAND_BAR turns the bar off by default. */
  commandBarByDefault: boolean;
}): PreferencesUseCase {
  const defaults: Preferences = {
    commandBar: deps.commandBarByDefault,
    gitName: "",
    gitEmail: "",
    gitToken: "",
  };
  let loaded = defaults;
  try {
    loaded = {
      ...defaults,
      ...(JSON.parse(deps.storage.getItem(key) ?? "{}") as Partial<Preferences>),
    };
  } catch {
    /* unreadable: the defaults */
  }
  const state = createState(loaded);
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    set(patch) {
      state.set((current) => ({ ...current, ...patch }));
      deps.storage.setItem(key, JSON.stringify(state.get()));
    },
  };
}
