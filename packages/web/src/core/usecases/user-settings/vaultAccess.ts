// Which Vault the signed-in user talks to: the region's (the HTTP adapter, JWT login with the
// OIDC access token) when it has one, else the browser-storage fallback (Onyxia's "not saved
// durably"). The adapters are built by bootstrap's factories; this only decides, once per user
// and region, and knows each project's home (`vaultTopDir`).
import { normalizeVaultPath, personalVaultTopDir } from "@onyxia-ts/core";
import type { ApiProject, PublicRegion, UserInfo } from "@onyxia-ts/core";
import type { VaultPort } from "../../ports/vault.ts";

export interface RegionVault {
  URL: string;
  kvEngine: string;
  role: string | undefined;
  authPath: string;
  prefix: string;
  groupPrefix: string;
}

/** The region's `vault` block, if usable (a URL and an engine). */
export function regionVault(region: PublicRegion | undefined): RegionVault | undefined {
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
  /** The region's Vault (undefined for the fallback). */
  region: RegionVault | undefined;
  idep: string;
  personalTopDir: string;
  /** The project's home: its `vaultTopDir`, else derived as onyxia-api does. */
  topDirOf(project: ApiProject): string;
}

export interface VaultAccessDeps {
  /** What the session knows now (region, user, projects). */
  current: () => { region: PublicRegion | undefined; userInfo: UserInfo | undefined };
  /** The HTTP adapter for the region's Vault (bootstrap: createHttpVault). */
  httpVault: (config: RegionVault, idep: string) => VaultPort;
  /** The browser fallback (bootstrap: createLocalVault on localStorage). */
  localVault: (idep: string) => VaultPort;
  /** Onyxia drops the cached Vault token when the user's projects change. */
  projectsSeen: (projectIds: string[]) => void;
}

export interface VaultAccess {
  /** Undefined when nobody is signed in. */
  session(): VaultSession | undefined;
  /** Whether the region has a Vault (the secrets explorer is enabled). */
  enabled(): boolean;
}

export function createVaultAccess(deps: VaultAccessDeps): VaultAccess {
  let cached: { key: string; session: VaultSession } | undefined;
  return {
    enabled: () => regionVault(deps.current().region) !== undefined,
    session() {
      const { region, userInfo } = deps.current();
      const idep = userInfo?.idep;
      if (!idep) return undefined;
      const vault = regionVault(region);
      const projects = userInfo.projects ?? [];
      const personal =
        projects.find((p) => !p.group)?.vaultTopDir ??
        personalVaultTopDir({ prefix: vault?.prefix ?? "" }, idep);
      const key = JSON.stringify([vault, idep, personal, projects.map((p) => p.id)]);
      if (cached?.key === key) return cached.session;
      if (vault) deps.projectsSeen(projects.map((p) => p.id));
      const session: VaultSession = {
        port: vault ? deps.httpVault(vault, idep) : deps.localVault(idep),
        durable: vault !== undefined,
        region: vault,
        idep,
        personalTopDir: personal,
        topDirOf: (project) =>
          project.vaultTopDir ??
          (project.group
            ? // groupPrefix + groupNamespacePrefix + baseName, i.e. groupPrefix + the namespace
              normalizeVaultPath((vault?.groupPrefix ?? "") + (project.namespace ?? project.id))
            : personal),
      };
      cached = { key, session };
      return session;
    },
  };
}
