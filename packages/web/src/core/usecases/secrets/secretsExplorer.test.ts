// Secrets explorer and settings use cases against the in-memory Vault (KV v2 semantics).
import { settingPath, valueToSecret } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import type { VaultPort } from "../../ports/vault.ts";
import {
  SecretConflictError,
  collectSecrets,
  countSecrets,
  createFolder,
  createSecret,
  deleteFolder,
  listDirectory,
  openSecret,
  renameFolder,
  renameSecret,
  saveSecret,
  type Explorer,
} from "./secretsExplorer.ts";
import {
  SettingConflictError,
  loadProjectConfigs,
  loadUserConfigs,
  upsertRestorableConfig,
  writeProjectConfig,
  writeUserConfig,
} from "../user-settings/settings.ts";

/** Counts the calls, so "refused before any call" is checked. */
function counting(vault: VaultPort) {
  let calls = 0;
  const wrapped = Object.fromEntries(
    Object.entries(vault).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls++;
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as VaultPort;
  return { vault: wrapped, calls: () => calls };
}

function explorer(): Explorer & { calls: () => number } {
  const c = counting(createLocalVault(new MemoryStorage()));
  return { vault: c.vault, topDir: "user-alice", calls: c.calls };
}

describe("secrets explorer", () => {
  it("creates folders and secrets, lists them without placeholders or .onyxia", async () => {
    const e = explorer();
    await createFolder(e, "user-alice", "apis");
    await createSecret(e, "user-alice/apis", "openai", [["api_key", "sk-1"]]);
    await e.vault.put("user-alice/.onyxia/gitName", { value: "alice" });
    expect(await listDirectory(e, "user-alice")).toEqual({
      directories: ["apis"],
      files: [],
      reservedHidden: true,
    });
    expect((await listDirectory(e, "user-alice", { showReserved: true })).directories).toEqual([
      ".onyxia",
      "apis",
    ]);
    expect(await listDirectory(e, "user-alice/apis")).toMatchObject({ files: ["openai"] });
    expect((await openSecret(e, "user-alice/apis/openai"))?.data).toEqual({ API_KEY: "sk-1" });
  });

  it("refuses an invalid key, a bad name, or a path outside the top dir before any call", async () => {
    const e = explorer();
    await expect(createSecret(e, "user-alice", "s", [["my-key", "x"]])).rejects.toThrow(/"MY-KEY"/);
    await expect(createSecret(e, "user-alice", "s", [["1ABC", "x"]])).rejects.toThrow(/digit/);
    await expect(createSecret(e, "user-alice", "a/b")).rejects.toThrow(/"\/"/);
    await expect(listDirectory(e, "user-bob")).rejects.toThrow(/outside/);
    await expect(openSecret(e, "user-alice/../user-bob/x")).rejects.toThrow(/"\.\."/);
    expect(e.calls()).toBe(0);
  });

  it("does not overwrite an existing secret on create", async () => {
    const e = explorer();
    await createSecret(e, "user-alice", "db", [["A", "1"]]);
    await expect(createSecret(e, "user-alice", "db", [["A", "2"]])).rejects.toThrow(/exists/);
    expect((await openSecret(e, "user-alice/db"))?.data).toEqual({ A: "1" });
  });

  it("refuses the second of two saves from the same version and shows the other one", async () => {
    const e = explorer();
    await createSecret(e, "user-alice", "db", [["A", "1"]]);
    const tab1 = await openSecret(e, "user-alice/db");
    const tab2 = await openSecret(e, "user-alice/db");
    await saveSecret(e, "user-alice/db", [["A", "from-tab-1"]], tab1!.version);
    const error = await saveSecret(e, "user-alice/db", [["A", "from-tab-2"]], tab2!.version).catch(
      (x: unknown) => x,
    );
    expect(error).toBeInstanceOf(SecretConflictError);
    expect((error as SecretConflictError).current?.data).toEqual({ A: "from-tab-1" });
    expect((await openSecret(e, "user-alice/db"))?.data).toEqual({ A: "from-tab-1" });
  });

  it("renames a secret and a folder (copy then delete), and refuses to rename onto another", async () => {
    const e = explorer();
    await createSecret(e, "user-alice", "db", [["A", "1"]]);
    await createSecret(e, "user-alice", "other", [["B", "2"]]);
    await expect(renameSecret(e, "user-alice/db", "other")).rejects.toThrow(/exists/);
    expect(await renameSecret(e, "user-alice/db", "database")).toBe("user-alice/database");
    expect(await openSecret(e, "user-alice/db")).toBeUndefined();
    expect((await openSecret(e, "user-alice/database"))?.data).toEqual({ A: "1" });

    await createFolder(e, "user-alice", "proj");
    await createSecret(e, "user-alice/proj", "s1", [["X", "1"]]);
    await createFolder(e, "user-alice/proj", "deep");
    await createSecret(e, "user-alice/proj/deep", "s2", [["Y", "2"]]);
    await renameFolder(e, "user-alice/proj", "project");
    expect((await collectSecrets(e, "user-alice/proj")).length).toBe(0);
    expect((await collectSecrets(e, "user-alice/project")).sort()).toEqual([
      "user-alice/project/.keep",
      "user-alice/project/deep/.keep",
      "user-alice/project/deep/s2",
      "user-alice/project/s1",
    ]);
  });

  it("counts then deletes a folder recursively; never the top dir", async () => {
    const e = explorer();
    await createFolder(e, "user-alice", "f");
    await createSecret(e, "user-alice/f", "a");
    await createFolder(e, "user-alice/f", "g");
    await createSecret(e, "user-alice/f/g", "b");
    expect(await countSecrets(e, "user-alice/f")).toBe(2);
    expect(await deleteFolder(e, "user-alice/f")).toBe(2);
    expect(await listDirectory(e, "user-alice")).toMatchObject({ directories: [], files: [] });
    await expect(deleteFolder(e, "user-alice")).rejects.toThrow(/cannot be deleted/);
  });
});

describe("settings in .onyxia (Onyxia's layout)", () => {
  const config = {
    friendlyName: "my-jupyter",
    isShared: undefined,
    catalogId: "ide",
    chartName: "jupyter-python",
    chartVersion: "2.5.2",
    s3ProfileName: undefined,
    helmValuesPatch: [{ path: ["resources", "limits", "cpu"], value: "4000m" }],
  };

  it("writes the defaults of a new project once, then every member reads the same password", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const first = await loadProjectConfigs(vault, "projet-team-a", () => "pw-1");
    const second = await loadProjectConfigs(vault, "projet-team-a", () => "pw-2");
    expect(first.configs.servicePassword).toBe("pw-1");
    expect(second.configs.servicePassword).toBe("pw-1");
    expect((await vault.get("projet-team-a/.onyxia/__modelVersion"))?.data).toEqual({ value: 2 });
    expect((await vault.get("projet-team-a/.onyxia/restorableServiceConfigs"))?.data).toEqual({
      valueAsJson: "[]",
    });
  });

  it("reloads, not overwrites, saved configurations another member changed meanwhile", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const alice = await loadProjectConfigs(vault, "projet-team-a", () => "pw");
    const bob = await loadProjectConfigs(vault, "projet-team-a", () => "pw");
    const bobs = upsertRestorableConfig(bob.configs.restorableServiceConfigs, {
      ...config,
      friendlyName: "bob's",
    });
    await writeProjectConfig(
      vault,
      "projet-team-a",
      "restorableServiceConfigs",
      bobs,
      bob.versions.restorableServiceConfigs,
    );
    const error = await writeProjectConfig(
      vault,
      "projet-team-a",
      "restorableServiceConfigs",
      upsertRestorableConfig(alice.configs.restorableServiceConfigs, config),
      alice.versions.restorableServiceConfigs,
    ).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(SettingConflictError);
    const conflict = error as SettingConflictError<"restorableServiceConfigs">;
    expect(conflict.current.map((c) => c.friendlyName)).toEqual(["bob's"]);
    // Redone over the reloaded version, both are kept.
    await writeProjectConfig(
      vault,
      "projet-team-a",
      "restorableServiceConfigs",
      upsertRestorableConfig(conflict.current, config),
      conflict.version,
    );
    const after = await loadProjectConfigs(vault, "projet-team-a", () => "pw");
    expect(after.configs.restorableServiceConfigs.map((c) => c.friendlyName)).toEqual([
      "bob's",
      "my-jupyter",
    ]);
  });

  it("refuses to read a v1 layout rather than overwrite it", async () => {
    const vault = createLocalVault(new MemoryStorage());
    await vault.put(settingPath("user-alice", "__modelVersion"), valueToSecret(1));
    await expect(loadProjectConfigs(vault, "user-alice", () => "pw")).rejects.toThrow(/version 1/);
  });

  it("reads user configs with Onyxia's defaults, writes the absent ones, keeps stored ones", async () => {
    const vault = createLocalVault(new MemoryStorage());
    await vault.put("user-alice/.onyxia/gitEmail", { value: "a@corp.example" });
    const configs = await loadUserConfigs(vault, "user-alice", {
      username: "alice",
      email: "alice@example.com",
      isCommandBarEnabledByDefault: false,
    });
    expect(configs).toMatchObject({
      gitName: "alice",
      gitEmail: "a@corp.example",
      isCommandBarEnabled: false,
    });
    expect((await vault.get("user-alice/.onyxia/gitName"))?.data).toEqual({ value: "alice" });
    expect((await vault.get("user-alice/.onyxia/githubPersonalAccessToken"))?.data).toEqual({
      value: null,
    });
    await writeUserConfig(vault, "user-alice", "gitCredentialCacheDuration", 3600);
    expect((await vault.get("user-alice/.onyxia/gitCredentialCacheDuration"))?.data).toEqual({
      value: 3600,
    });
  });
});
