// The browser's Vault adapter, run in Node against the stack's real Vault (KV v2 at onyxia-kv,
// JWT auth with per-user and per-group templated policies): own and group paths, refusals,
// check-and-set, key validation before any call, and Onyxia's `.onyxia/` settings format read and
// written both ways. Every path used is below a run-specific folder, removed at the end.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  JWT_MOUNT,
  KV_MOUNT,
  USER_ROLE,
  VAULT_ADDR,
} from "../../../stack/components/openbao/config.ts";
import { createHttpVault } from "../src/core/adapters/vault/httpVault.ts";
import { MemoryStorage } from "../src/core/adapters/vault/localVault.ts";
import { memoryStorage } from "../src/core/ports/keyValueStorage.ts";
import { isVaultError, type VaultPort } from "../src/core/ports/vault.ts";
import { apiProject, apiUserInfo, publicRegion } from "../src/core/testing/contractFixtures.ts";
import {
  SecretConflictError,
  collectSecrets,
  createSecret,
  deleteFolder,
  openSecret,
  saveSecret,
} from "../src/core/usecases/secrets/secretsExplorer.ts";
import {
  loadProjectConfigs,
  loadUserConfigs,
  upsertRestorableConfig,
  writeProjectConfig,
  writeUserConfig,
} from "../src/core/usecases/user-settings/settings.ts";
import { createUserSettingsUseCase } from "../src/core/usecases/user-settings/userSettingsStore.ts";
import { createVaultAccess } from "../src/core/usecases/user-settings/vaultAccess.ts";
import { profileForLaunch } from "../src/core/usecases/user-profile/profileForLaunch.ts";
import {
  createUserProfileUseCase,
  userConfigsProfileStore,
} from "../src/core/usecases/user-profile/userProfile.ts";

const run = `vault-web-${randomBytes(3).toString("hex")}`;

function vaultFor(user: string, fetchFn: typeof fetch = fetch): VaultPort {
  return createHttpVault({
    url: VAULT_ADDR,
    kvEngine: KV_MOUNT,
    role: USER_ROLE,
    authPath: JWT_MOUNT,
    getAccessToken: () => getToken(user),
    userKey: user,
    storage: new MemoryStorage(),
    fetch: fetchFn,
  });
}

/** Raw KV v2 calls, as Onyxia's web makes them, for the compatibility checks. */
async function raw(user: VaultPort, method: string, path: string, body?: unknown) {
  const { token } = await user.getToken();
  const response = await fetch(`${VAULT_ADDR}/v1/${KV_MOUNT}/data/${path}`, {
    method,
    headers: { "x-vault-token": token, "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as { data: { data: Record<string, unknown> } };
}

let alice: VaultPort;
let bob: VaultPort;
let carol: VaultPort;
const urls: string[] = [];

beforeAll(async () => {
  const recording: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  alice = vaultFor("alice", recording);
  bob = vaultFor("bob");
  carol = vaultFor("carol");
});

afterAll(async () => {
  for (const [vault, dir] of [
    [alice, `user-alice/${run}`],
    [alice, `projet-team-a/${run}`],
    [bob, `user-bob/${run}`],
    [carol, `user-carol/${run}`],
  ] as const) {
    for (const p of await collectSecrets({ vault, topDir: dir }, dir).catch(() => [])) {
      await vault.delete(p);
    }
  }
});

describe("browser Vault adapter on the stack's Vault", () => {
  it("alice reads and writes her own and team-a's paths, bob reads team-a's", async () => {
    await alice.put(`user-alice/${run}/db`, { PASSWORD: "alice-pw" });
    expect((await alice.get(`user-alice/${run}/db`))?.data).toEqual({ PASSWORD: "alice-pw" });
    await alice.put(`projet-team-a/${run}/shared`, { TOKEN: "team" });
    expect((await bob.get(`projet-team-a/${run}/shared`))?.data).toEqual({ TOKEN: "team" });
    expect(await alice.list(`user-alice/${run}`)).toEqual({ directories: [], files: ["db"] });
  });

  it("refuses alice on bob's and carol's paths, and carol on team-a's", async () => {
    await bob.put(`user-bob/${run}/mine`, { X: "bob" });
    await carol.put(`user-carol/${run}/mine`, { X: "carol" });
    for (const attempt of [
      () => alice.get(`user-bob/${run}/mine`),
      () => alice.put(`user-bob/${run}/mine`, { X: "alice" }),
      () => alice.list(`user-carol/${run}`),
      () => alice.delete(`user-carol/${run}/mine`),
      () => carol.get(`projet-team-a/${run}/shared`),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isVaultError(error, "forbidden")).toBe(true);
    }
    expect((await bob.get(`user-bob/${run}/mine`))?.data).toEqual({ X: "bob" });
    expect((await carol.get(`user-carol/${run}/mine`))?.data).toEqual({ X: "carol" });
  });

  it("refuses the second of two saves from the same version (two tabs), showing the first", async () => {
    const explorer = { vault: alice, topDir: `user-alice/${run}` };
    const path = await createSecret(explorer, `user-alice/${run}`, "tabs", [["A", "0"]]);
    const tab1 = await openSecret(explorer, path);
    const tab2 = await openSecret(explorer, path);
    await saveSecret(explorer, path, [["A", "tab-1"]], tab1!.version);
    const error = await saveSecret(explorer, path, [["A", "tab-2"]], tab2!.version).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretConflictError);
    expect((error as SecretConflictError).current?.data).toEqual({ A: "tab-1" });
  });

  it("refuses a key that is not a variable name before any call to Vault", async () => {
    const before = urls.length;
    const explorer = { vault: alice, topDir: `user-alice/${run}` };
    await expect(
      createSecret(explorer, `user-alice/${run}`, "bad", [["not-a-var", "x"]]),
    ).rejects.toThrow(/NOT-A-VAR/);
    expect(urls.length).toBe(before);
  });

  it("never puts a value in a URL", async () => {
    await alice.put(`user-alice/${run}/url-check`, { V: "value-not-in-url" });
    expect(urls.some((u) => u.includes("value-not-in-url"))).toBe(false);
    expect(urls.length).toBeGreaterThan(0);
  });

  it("reads settings written in Onyxia's exact format, and Onyxia's decoding reads ours", async () => {
    const topDir = `user-alice/${run}/project`;
    const onyxiaConfigs = [
      {
        friendlyName: "from-onyxia",
        isShared: false,
        catalogId: "ide",
        chartName: "jupyter-python",
        chartVersion: "2.5.2",
        helmValuesPatch: [
          { path: ["resources", "limits", "cpu"], value: "4000m" },
          { path: ["init", "personalInit"] },
        ],
      },
    ];
    // Written as Onyxia writes it: one secret per key, {value} or {valueAsJson}.
    await raw(alice, "PUT", `${topDir}/.onyxia/__modelVersion`, { data: { value: 2 } });
    await raw(alice, "PUT", `${topDir}/.onyxia/servicePassword`, { data: { value: "onyxia-pw" } });
    await raw(alice, "PUT", `${topDir}/.onyxia/restorableServiceConfigs`, {
      data: { valueAsJson: JSON.stringify(onyxiaConfigs) },
    });
    const loaded = await loadProjectConfigs(alice, topDir, () => "unused");
    expect(loaded.configs.servicePassword).toBe("onyxia-pw");
    expect(loaded.configs.restorableServiceConfigs).toEqual([
      {
        ...onyxiaConfigs[0],
        s3ProfileName: undefined,
        helmValuesPatch: [
          { path: ["resources", "limits", "cpu"], value: "4000m" },
          { path: ["init", "personalInit"], value: undefined },
        ],
      },
    ]);
    // Absent keys were initialised in Onyxia's encoding.
    expect((await raw(alice, "GET", `${topDir}/.onyxia/s3Profiles`)).data.data).toEqual({
      valueAsJson: "[]",
    });

    // The reverse: ours, read as Onyxia reads it (the single key, JSON.parse of valueAsJson).
    const mine = {
      friendlyName: "from-us",
      isShared: true,
      catalogId: "databases",
      chartName: "postgresql",
      chartVersion: "1.0.0",
      s3ProfileName: "default",
      helmValuesPatch: [{ path: ["persistence", "size"], value: "20Gi" }],
    };
    await writeProjectConfig(
      alice,
      topDir,
      "restorableServiceConfigs",
      upsertRestorableConfig(loaded.configs.restorableServiceConfigs, mine),
      loaded.versions.restorableServiceConfigs,
    );
    const stored = (await raw(alice, "GET", `${topDir}/.onyxia/restorableServiceConfigs`)).data
      .data;
    expect(Object.keys(stored)).toEqual(["valueAsJson"]);
    expect(JSON.parse(stored["valueAsJson"] as string)).toEqual([...onyxiaConfigs, mine]);

    await writeUserConfig(alice, topDir, "gitName", "Alice Liddell");
    expect((await raw(alice, "GET", `${topDir}/.onyxia/gitName`)).data.data).toEqual({
      value: "Alice Liddell",
    });
    const user = await loadUserConfigs(alice, topDir, {
      username: "alice",
      email: "alice@example.org",
      isCommandBarEnabledByDefault: true,
    });
    expect(user.gitName).toBe("Alice Liddell");
    expect(user.gitEmail).toBe("alice@example.org");
  });

  it("reloads a group configuration another member changed meanwhile", async () => {
    const topDir = `projet-team-a/${run}/group`;
    const a = await loadProjectConfigs(alice, topDir, () => "pw");
    const b = await loadProjectConfigs(bob, topDir, () => "pw-bob");
    expect(b.configs.servicePassword).toBe("pw");
    const config = {
      friendlyName: "x",
      isShared: true,
      catalogId: "ide",
      chartName: "c",
      chartVersion: "1",
      s3ProfileName: undefined,
      helmValuesPatch: [],
    };
    await writeProjectConfig(
      bob,
      topDir,
      "restorableServiceConfigs",
      [config],
      b.versions.restorableServiceConfigs,
    );
    const error = await writeProjectConfig(
      alice,
      topDir,
      "restorableServiceConfigs",
      [{ ...config, friendlyName: "y" }],
      a.versions.restorableServiceConfigs,
    ).catch((e: unknown) => e);
    expect((error as { current?: unknown }).current).toEqual([config]);
  });

  it("deletes a folder recursively", async () => {
    const explorer = { vault: alice, topDir: `user-alice/${run}` };
    await createSecret(explorer, `user-alice/${run}/tree`, "a");
    await createSecret(explorer, `user-alice/${run}/tree/b`, "c");
    expect(await deleteFolder(explorer, `user-alice/${run}/tree`)).toBe(2);
    expect(await alice.list(`user-alice/${run}/tree`)).toEqual({ directories: [], files: [] });
  });

  it("keeps the declarative profile as Onyxia does (.onyxia/userProfileStr), both ways", async () => {
    const topDir = `user-alice/${run}/me`;
    const userInfo = apiUserInfo({
      idep: "alice",
      projects: [apiProject({ id: "user-alice", vaultTopDir: topDir })],
    });
    const access = createVaultAccess({
      current: () => ({
        region: publicRegion({
          id: "stack",
          vault: { URL: VAULT_ADDR, kvEngine: KV_MOUNT, role: USER_ROLE, authPath: JWT_MOUNT },
        }),
        userInfo,
      }),
      httpVault: () => alice,
      localVault: () => alice,
      projectsSeen: () => undefined,
    });
    const settings = createUserSettingsUseCase({
      vault: access,
      userInfo: () => userInfo,
      disablePersonalInfosInjectionInGroup: false,
      commandBarByDefault: true,
      sessionStorage: memoryStorage(),
    });
    const schema = {
      type: "object",
      properties: {
        aiAssistant: {
          type: "object",
          properties: {
            model: { type: "string", default: "" },
            apiKey: { type: "string", default: "" },
          },
        },
      },
    } as const;
    const profileOf = () =>
      createUserProfileUseCase({
        api: { profileSchema: async () => schema },
        store: userConfigsProfileStore(settings),
      });
    // Written as Onyxia's web writes it: the JSON text as the secret's `value`.
    const fromOnyxia = {
      userProfileValues: { aiAssistant: { model: "from-onyxia", apiKey: "sk-o" } },
      autoInjectionDisabledFields: [{ valuesPath: ["aiAssistant", "apiKey"] }],
    };
    await raw(alice, "PUT", `${topDir}/.onyxia/userProfileStr`, {
      data: { value: JSON.stringify(fromOnyxia) },
    });
    const profile = profileOf();
    await profile.load("alice");
    expect(profile.getSnapshot()).toMatchObject({ status: "ready", profile: fromOnyxia });
    expect(profileForLaunch(profile.loaded(), {})?.injected).toEqual({
      aiAssistant: { model: "from-onyxia" },
    });
    // Ours, read back as Onyxia reads it.
    const mine = {
      ...fromOnyxia,
      userProfileValues: { aiAssistant: { model: "ours", apiKey: "k" } },
    };
    await profile.save(mine);
    const stored = (await raw(alice, "GET", `${topDir}/.onyxia/userProfileStr`)).data.data;
    expect(Object.keys(stored)).toEqual(["value"]);
    expect(JSON.parse(stored["value"] as string)).toEqual(mine);
    const again = profileOf();
    await again.load("alice");
    expect(again.getSnapshot()).toMatchObject({ profile: mine });
  });
});
