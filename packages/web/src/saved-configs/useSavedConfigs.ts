// React binding of the saved configurations: Vault when the region has it, else localStorage.
import { useCallback, useSyncExternalStore } from "react";
import { apiSession } from "../api/client.ts";
import { browserStorage, readStored } from "../config/storage.ts";
import { sessionProjectPassword } from "../pages/launcher/buildContextInput.ts";
import { useSession } from "../shell/SessionProvider.tsx";
import { VaultSavedConfigs, type SavedConfigsState } from "../vault/savedConfigsVault.ts";
import { vaultSession } from "../vault/session.ts";
import {
  deleteConfig,
  listSaved,
  renameConfig,
  saveConfig,
  storageKey,
  type SavedConfig,
} from "./savedConfigsStore.ts";

// Snapshots are cached per raw string so useSyncExternalStore sees a stable value.
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; configs: SavedConfig[] }>();

function snapshot(projectId: string): SavedConfig[] {
  const raw = readStored(storageKey(projectId));
  const cached = cache.get(projectId);
  if (cached && cached.raw === raw) return cached.configs;
  const configs = listSaved(browserStorage, projectId);
  cache.set(projectId, { raw, configs });
  return configs;
}

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab saving a configuration updates this one too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

const vaultStores = new Map<string, VaultSavedConfigs>();
const noStore = {
  subscribe: () => () => {},
  snapshot: (): SavedConfigsState | undefined => undefined,
};

/** The Vault-backed store of the project when the region has a Vault, else undefined. */
function useVaultStore(projectId: string): VaultSavedConfigs | undefined {
  const session = useSession();
  const vault = vaultSession({
    region: session.configuration.regions?.[0],
    userInfo: session.userInfo,
    projects: session.projects,
    accessToken: () => apiSession.accessToken?.(),
  });
  const project = session.projects.find((p) => p.id === projectId);
  if (!vault?.durable || !project?.vaultTopDir) return undefined;
  const key = `${session.userInfo?.idep ?? ""}|${project.vaultTopDir}`;
  let store = vaultStores.get(key);
  if (!store) {
    store = new VaultSavedConfigs(vault.port, project.vaultTopDir, () =>
      sessionProjectPassword(projectId, Math.random),
    );
    vaultStores.set(key, store);
    void store.load();
  }
  return store;
}

/**
 * Saved configurations of a project: in Vault (Onyxia's `.onyxia/restorableServiceConfigs`) when
 * the region has one, else in this browser (`durable: false`, Onyxia's "not saved durably").
 */
export function useSavedConfigs(projectId: string) {
  const store = useVaultStore(projectId);
  const fromVault = useSyncExternalStore(
    store?.subscribe ?? noStore.subscribe,
    store?.snapshot ?? noStore.snapshot,
  );
  const local = useSavedConfigsLocal(projectId);
  if (!store || !fromVault) return { ...local, durable: false, notice: undefined };
  return {
    configs: fromVault.configs,
    save: (config: SavedConfig) => void store.save(config),
    remove: (name: string) => void store.remove(name),
    rename: (from: string, to: string): boolean => {
      if (from !== to && fromVault.configs.some((c) => c.friendlyName === to)) return false;
      void store.rename(from, to);
      return true;
    },
    /** Reload after a refresh elsewhere (another member saved). */
    reload: () => void store.load(),
    durable: true,
    notice: fromVault.notice,
  };
}

function useSavedConfigsLocal(projectId: string) {
  const configs = useSyncExternalStore(subscribe, () => snapshot(projectId));
  const save = useCallback(
    (config: SavedConfig) => {
      saveConfig(browserStorage, projectId, config);
      notify();
    },
    [projectId],
  );
  const remove = useCallback(
    (name: string) => {
      deleteConfig(browserStorage, projectId, name);
      notify();
    },
    [projectId],
  );
  const rename = useCallback(
    (from: string, to: string): boolean => {
      const ok = renameConfig(browserStorage, projectId, from, to) !== false;
      notify();
      return ok;
    },
    [projectId],
  );
  return { configs, save, remove, rename };
}
