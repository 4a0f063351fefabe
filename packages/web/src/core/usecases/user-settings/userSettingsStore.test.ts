// The user-settings use case over the in-memory Vault: one service password per project that the
// launcher and My services both read, regenerated in Onyxia's encoding; group projects without
// personal infos; the git tab's user configs; the Vault tab's token and CLI script.
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import { apiProject, apiUserInfo, publicRegion } from "../../testing/contractFixtures.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { createUserSettingsUseCase } from "./userSettingsStore.ts";
import { createVaultAccess, type RegionVault } from "./vaultAccess.ts";

const personal = apiProject({ id: "user-alice" });
const group = apiProject({ id: "projet-team-a", group: "team-a" });
const userInfo = apiUserInfo({ idep: "alice", email: "alice@lab", projects: [personal, group] });

function setup(options: { regionVault?: boolean; disablePersonalInfos?: boolean } = {}) {
  const vault = createLocalVault(new MemoryStorage());
  const seen: string[][] = [];
  const region = options.regionVault
    ? publicRegion({
        id: "r",
        vault: {
          URL: "https://vault.lab/",
          kvEngine: "onyxia-kv",
          prefix: "user-",
          authPath: "jwt",
        },
      })
    : publicRegion({ id: "r" });
  let httpConfig: RegionVault | undefined;
  const access = createVaultAccess({
    current: () => ({ region, userInfo }),
    httpVault: (config) => {
      httpConfig = config;
      return vault;
    },
    localVault: () => vault,
    projectsSeen: (ids) => void seen.push(ids),
  });
  let n = 0;
  const settings = createUserSettingsUseCase({
    vault: access,
    userInfo: () => userInfo,
    disablePersonalInfosInjectionInGroup: options.disablePersonalInfos ?? false,
    commandBarByDefault: true,
    sessionStorage: memoryStorage(),
    random: () => ((n = (n * 7 + 3) % 97), n / 97),
  });
  return { vault, access, settings, seen, httpConfig: () => httpConfig };
}

describe("user settings", () => {
  it("gives the launcher and My services the same service password, stored as Onyxia does", async () => {
    const { vault, settings } = setup({ regionVault: true });
    const shown = await settings.servicePassword(personal);
    const launch = await settings.launchPart(personal);
    expect(launch.projectPassword).toBe(shown);
    expect(settings.getSnapshot().passwords[personal.id]).toBe(shown);
    expect((await vault.get("user-alice/.onyxia/servicePassword"))?.data).toEqual({ value: shown });
    expect((await vault.get("user-alice/.onyxia/__modelVersion"))?.data).toEqual({ value: 2 });
  });

  it("regenerates the password for every reader", async () => {
    const { vault, settings } = setup({ regionVault: true });
    const before = await settings.servicePassword(group);
    const after = await settings.regeneratePassword(group);
    expect(after).not.toBe(before);
    expect(await settings.servicePassword(group)).toBe(after);
    expect((await vault.get("projet-team-a/.onyxia/servicePassword"))?.data).toEqual({
      value: after,
    });
    expect((await settings.launchPart(group)).projectPassword).toBe(after);
  });

  it("injects the token and git identity, except in a group with DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP", async () => {
    const open = setup({ regionVault: true });
    const mine = await open.settings.launchPart(group);
    expect(mine.vaultToken).toBe("local");
    expect(mine.git).toMatchObject({ name: "alice", email: "alice@lab" });
    const closed = setup({ regionVault: true, disablePersonalInfos: true });
    const theirs = await closed.settings.launchPart(group);
    expect(theirs).toMatchObject({ vaultToken: undefined, git: undefined });
    expect(theirs.projectPassword).toEqual(expect.any(String));
    expect((await closed.settings.launchPart(personal)).vaultToken).toBe("local");
  });

  it("saves the git tab's settings one secret per key, read back with the defaults", async () => {
    const { vault, settings } = setup({ regionVault: true });
    expect((await settings.userConfigs()).gitName).toBe("alice");
    await settings.saveUserConfigs({ gitName: "Alice L", githubPersonalAccessToken: "ghp_x" });
    expect((await vault.get("user-alice/.onyxia/gitName"))?.data).toEqual({ value: "Alice L" });
    expect(settings.getSnapshot().user?.githubPersonalAccessToken).toBe("ghp_x");
    const again = await settings.userConfigs();
    expect(again).toMatchObject({ gitName: "Alice L", gitEmail: "alice@lab" });
    expect((await settings.launchPart(personal)).git?.token).toBe("ghp_x");
  });

  it("gives the Vault tab the token, its expiry and the CLI script (masked unless revealed)", async () => {
    const { settings, seen, httpConfig } = setup({ regionVault: true });
    const cli = await settings.vaultCli(personal, false);
    expect(httpConfig()?.URL).toBe("https://vault.lab");
    expect(seen).toEqual([["user-alice", "projet-team-a"]]);
    expect(cli?.token.expiresAt).toBeGreaterThan(cli?.token.acquiredAt ?? Infinity);
    expect(cli?.script).not.toContain("local");
    expect(cli?.script).toContain("export VAULT_TOP_DIR=user-alice");
    expect(cli?.scriptRevealed).toContain("export VAULT_TOKEN=local");
  });

  it("without Vault in the region: the browser fallback, not durable, and no Vault tab", async () => {
    const { settings, access } = setup();
    expect(access.enabled()).toBe(false);
    expect(settings.durable()).toBe(false);
    expect(await settings.vaultCli(personal, true)).toBeUndefined();
    const password = await settings.servicePassword(personal);
    expect((await settings.launchPart(personal)).projectPassword).toBe(password);
  });
});
