// Interface preferences kept in the browser (Onyxia keeps them in Vault; there is none here yet).
import { useSyncExternalStore } from "react";
import { apiSession } from "../api/client.ts";
import { branding } from "./branding.ts";
import { readStored, writeStored } from "./storage.ts";

export interface Preferences {
  commandBar: boolean;
  gitName: string;
  gitEmail: string;
  gitToken: string;
}

const key = "datalab.preferences";
const defaults: Preferences = {
  commandBar: !branding.disableCommandBar,
  gitName: "",
  gitEmail: "",
  gitToken: "",
};

function load(): Preferences {
  try {
    return { ...defaults, ...(JSON.parse(readStored(key) ?? "{}") as Partial<Preferences>) };
  } catch {
    return defaults;
  }
}

let current = load();
apiSession.withCommands = current.commandBar;
const listeners = new Set<() => void>();

export function setPreferences(patch: Partial<Preferences>): void {
  current = { ...current, ...patch };
  apiSession.withCommands = current.commandBar;
  writeStored(key, JSON.stringify(current));
  for (const listener of listeners) listener();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
