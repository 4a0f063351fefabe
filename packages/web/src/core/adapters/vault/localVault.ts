// The Vault port over a Storage: the fallback when the region has no Vault (Onyxia's localStorage
// mock, whose settings are "not saved durably"), and the in-memory fake of the unit tests. It keeps
// KV v2's semantics: versions, check-and-set, folders derived from the paths.
import { normalizeVaultPath, splitListing } from "@onyxia-ts/core";
import { VaultError, type SecretData, type VaultPort } from "../../ports/vault.ts";

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const PREFIX = "datalab.localVault:";

interface Stored {
  data: SecretData;
  version: number;
  createdTime: string;
}

/** A Storage in memory (tests, or when the browser refuses localStorage). */
export class MemoryStorage implements StorageLike {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

export function createLocalVault(
  storage: StorageLike,
  options: { now?: () => number; user?: string } = {},
): VaultPort {
  const now = options.now ?? Date.now;
  const prefix = `${PREFIX}${options.user ?? ""}:`;
  const keyOf = (path: string) => prefix + normalizeVaultPath(path);

  function read(path: string): Stored | undefined {
    const raw = storage.getItem(keyOf(path));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      return undefined;
    }
  }

  function allPaths(): string[] {
    const out: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) out.push(key.slice(prefix.length));
    }
    return out;
  }

  return {
    async list(path) {
      const dir = normalizeVaultPath(path);
      const start = dir === "" ? "" : `${dir}/`;
      const keys = new Set<string>();
      for (const p of allPaths()) {
        if (!p.startsWith(start)) continue;
        const [head, ...rest] = p.slice(start.length).split("/");
        if (head) keys.add(rest.length > 0 ? `${head}/` : head);
      }
      return splitListing([...keys].sort());
    },
    async get(path) {
      const stored = read(path);
      return (
        stored && { data: stored.data, version: stored.version, createdTime: stored.createdTime }
      );
    },
    async put(path, data, o = {}) {
      const current = read(path);
      const currentVersion = current?.version ?? 0;
      if (o.cas !== undefined && o.cas !== currentVersion) {
        throw new VaultError("cas-conflict", `"${path}" was changed meanwhile`, {
          status: 400,
          path,
        });
      }
      const next: Stored = {
        data: JSON.parse(JSON.stringify(data)) as SecretData,
        version: currentVersion + 1,
        createdTime: new Date(now()).toISOString(),
      };
      storage.setItem(keyOf(path), JSON.stringify(next));
      return { version: next.version };
    },
    async delete(path) {
      storage.removeItem(keyOf(path));
    },
    async metadata(path) {
      const stored = read(path);
      return stored && { currentVersion: stored.version, updatedTime: stored.createdTime };
    },
    async getToken() {
      const t = now();
      return { token: "local", acquiredAt: t, expiresAt: t + 3_600_000 };
    },
  };
}
