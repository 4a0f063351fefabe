// The secrets explorer as the page sees it (reference §8): the current project's Vault home, what
// a path shows (a folder's listing or a secret), the actions, and the charts "use in a service"
// can open. The page renders these and dispatches; the rules are in secretsExplorer.ts.
import { encodeLauncherLink, normalizeVaultPath } from "@onyxia-ts/core";
import type { ApiProject, JSONSchema } from "@onyxia-ts/core";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type { SecretVersion } from "../../ports/vault.ts";
import type { CatalogsUseCase } from "../catalogs/catalogsStore.ts";
import type { VaultAccess } from "../user-settings/vaultAccess.ts";
import {
  countSecrets,
  createFolder,
  createSecret,
  deleteFolder,
  deleteSecret,
  listDirectory,
  openSecret,
  renameFolder,
  renameSecret,
  saveSecret,
  type DirectoryListing,
  type Explorer,
} from "./secretsExplorer.ts";

export type SecretsView =
  | { kind: "dir"; path: string; dir: DirectoryListing }
  | { kind: "secret"; path: string; secret: SecretVersion };

export interface VaultSecretChart {
  catalogId: string;
  chartName: string;
  version: string;
}

export interface ProjectSecrets {
  topDir: string;
  /** False: the region has no Vault, this is the browser fallback. */
  durable: boolean;
  /** A folder (its listing) or a secret; an absent path shows as an empty folder. */
  view(path: string): Promise<SecretsView>;
  createFolder(dir: string, name: string): Promise<string>;
  createSecret(dir: string, name: string): Promise<string>;
  rename(path: string, folder: boolean, newName: string): Promise<string>;
  /** How many secrets a delete removes (the confirmation names it). */
  countForDelete(path: string, folder: boolean): Promise<number>;
  remove(path: string, folder: boolean): Promise<void>;
  save(
    path: string,
    rows: readonly (readonly [string, string])[],
    baseVersion: number,
  ): Promise<{ version: number }>;
  /** The launcher link of a chart with the secret in `vault.secret` (relative to the top dir). */
  launchLink(chart: VaultSecretChart, secretPath: string): string;
}

export interface SecretsUseCase {
  /** Whether the region has a Vault: the explorer (and its left-bar entry) exists. */
  enabled(): boolean;
  forProject(project: ApiProject | undefined): ProjectSecrets | undefined;
  /** The catalogs' charts whose schema has a `vault.secret` field (latest versions). */
  chartsWithVaultSecret(
    loggedIn: boolean,
    projectId: string | undefined,
  ): Promise<VaultSecretChart[]>;
}

/** Whether a values schema has Onyxia's `vault.secret` field (IS charts' Vault tab). */
export function hasVaultSecretField(schema: JSONSchema | undefined): boolean {
  const vault = schema?.properties?.["vault"];
  return typeof vault === "object" && vault !== null && "properties" in vault
    ? (vault as JSONSchema).properties?.["secret"] !== undefined
    : false;
}

/** `vault.secret` is relative to `$VAULT_TOP_DIR` (the chart reads `$VAULT_MOUNT/$VAULT_TOP_DIR/<secret>`). */
export function secretRelativePath(topDir: string, path: string): string {
  const top = normalizeVaultPath(topDir);
  const p = normalizeVaultPath(path);
  return p.startsWith(`${top}/`) ? p.slice(top.length + 1) : p;
}

export function createSecretsUseCase(deps: {
  vault: VaultAccess;
  catalogs: CatalogsUseCase;
  api: Pick<OnyxiaApi, "chartSchema">;
}): SecretsUseCase {
  let charts: { key: string; promise: Promise<VaultSecretChart[]> } | undefined;
  return {
    enabled: () => deps.vault.enabled(),
    forProject(project) {
      const session = deps.vault.session();
      if (!session || !project) return undefined;
      const explorer: Explorer = { vault: session.port, topDir: session.topDirOf(project) };
      const topDir = normalizeVaultPath(explorer.topDir);
      return {
        topDir,
        durable: session.durable,
        async view(path) {
          const current = normalizeVaultPath(path === "" ? topDir : path);
          const dir = await listDirectory(explorer, current);
          if (current === topDir || dir.directories.length > 0 || dir.files.length > 0) {
            return { kind: "dir", path: current, dir };
          }
          const secret = await openSecret(explorer, current);
          return secret
            ? { kind: "secret", path: current, secret }
            : { kind: "dir", path: current, dir };
        },
        createFolder: (dir, name) => createFolder(explorer, dir, name),
        createSecret: (dir, name) => createSecret(explorer, dir, name),
        rename: (path, folder, newName) =>
          (folder ? renameFolder : renameSecret)(explorer, path, newName),
        countForDelete: (path, folder) =>
          folder ? countSecrets(explorer, path) : Promise.resolve(1),
        async remove(path, folder) {
          if (folder) await deleteFolder(explorer, path);
          else await deleteSecret(explorer, path);
        },
        save: (path, rows, baseVersion) => saveSecret(explorer, path, rows, baseVersion),
        launchLink: (chart, secretPath) =>
          encodeLauncherLink({
            catalogId: chart.catalogId,
            chartName: chart.chartName,
            helmValuesPatch: [
              { path: ["vault", "secret"], value: secretRelativePath(topDir, secretPath) },
            ],
          }),
      };
    },
    chartsWithVaultSecret(loggedIn, projectId) {
      const key = `${loggedIn}:${projectId ?? ""}`;
      if (charts?.key === key) return charts.promise;
      const promise = (async () => {
        const { catalogs } = await deps.catalogs.get(loggedIn, projectId);
        const candidates = catalogs.flatMap((catalog) =>
          Object.entries(catalog.catalog.latestPackages).map(([chartName, pkg]) => ({
            catalogId: catalog.id,
            chartName,
            version: pkg.version,
          })),
        );
        const found = await Promise.all(
          candidates.map(async (chart) => {
            try {
              const schema = await deps.api.chartSchema(
                chart.catalogId,
                chart.chartName,
                chart.version,
              );
              return hasVaultSecretField(schema) ? chart : undefined;
            } catch {
              return undefined; // a chart whose schema cannot be read is not offered
            }
          }),
        );
        return found.filter((c): c is VaultSecretChart => c !== undefined);
      })();
      promise.catch(() => {
        if (charts?.promise === promise) charts = undefined;
      });
      charts = { key, promise };
      return promise;
    },
  };
}
