// One Vault port per signed-in user and region, from the session: the HTTP adapter when the
// region has a Vault, else the browser-storage fallback (Onyxia's "not saved durably").
import { personalVaultTopDir } from "@onyxia-ts/core";
import { logCommands } from "../api/commandLog.ts";
import type { Project, Region, UserInfo } from "../api/types.ts";
import { createHttpVault, syncVaultTokensWithProjects } from "./httpVault.ts";
import { MemoryStorage, createLocalVault, type StorageLike } from "./localVault.ts";
import type { VaultPort } from "./port.ts";

export interface RegionVault {
  URL: string;
  kvEngine: string;
  role: string | undefined;
  authPath: string;
  prefix: string;
  groupPrefix: string;
}

/** The region's `vault` block, if usable (a URL and an engine). */
export function regionVault(region: Region | undefined): RegionVault | undefined {
  const v = (region as { vault?: Record<string, unknown> } | undefined)?.vault;
  const text = (x: unknown) => (typeof x === "string" && x !== "" ? x : undefined);
  const url = text(v?.["URL"]);
  const kvEngine = text(v?.["kvEngine"]);
  if (!v || !url || !kvEngine) return undefined;
  return {
    URL: url.replace(/\/$/, ""),
    kvEngine,
    role: text(v["role"]),
    authPath: text(v["authPath"]) ?? "jwt",
    prefix: typeof v["prefix"] === "string" ? v["prefix"] : "",
    groupPrefix: typeof v["groupPrefix"] === "string" ? v["groupPrefix"] : "",
  };
}

export interface VaultSession {
  port: VaultPort;
  /** False: the fallback in this browser, whose settings are not saved durably. */
  durable: boolean;
  kvEngine: string;
  personalTopDir: string;
}

function storage(kind: "sessionStorage" | "localStorage"): StorageLike {
  try {
    const s = globalThis[kind];
    if (s) return s;
  } catch {
    /* refused */
  }
  return new MemoryStorage();
}

let cached: { key: string; session: VaultSession } | undefined;

export function vaultSession(input: {
  region: Region | undefined;
  userInfo: UserInfo | undefined;
  projects: readonly Project[];
  accessToken: () => string | undefined;
}): VaultSession | undefined {
  const idep = input.userInfo?.idep;
  if (!idep) return undefined;
  const vault = regionVault(input.region);
  const personal =
    input.projects.find((p) => !p.group)?.vaultTopDir ??
    personalVaultTopDir({ prefix: vault?.prefix ?? "" }, idep);
  const key = JSON.stringify([vault, idep, personal]);
  if (cached?.key === key) return cached.session;
  let session: VaultSession;
  if (vault) {
    syncVaultTokensWithProjects(
      storage("sessionStorage"),
      input.projects.map((p) => p.id),
    );
    session = {
      durable: true,
      kvEngine: vault.kvEngine,
      personalTopDir: personal,
      port: createHttpVault({
        url: vault.URL,
        kvEngine: vault.kvEngine,
        role: vault.role,
        authPath: vault.authPath,
        userKey: idep,
        storage: storage("sessionStorage"),
        getAccessToken: () => {
          const token = input.accessToken();
          if (!token) throw new Error("Not signed in: no access token for Vault");
          return token;
        },
        log: (call, commands) => logCommands(call, commands),
      }),
    };
  } else {
    session = {
      durable: false,
      kvEngine: "local",
      personalTopDir: personal,
      port: createLocalVault(storage("localStorage"), { user: idep }),
    };
  }
  cached = { key, session };
  return session;
}
