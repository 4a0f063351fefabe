// The declarative profile in the web's core: kept as the user config `userProfileStr` (in Onyxia's
// format, through the user-settings use case and its Vault), edited by the account page's form
// (values, injection switches, save, undo), and given to launches as `user.profile`.
import { readUserProfileStr, type JSONSchema, type UserProfile } from "@onyxia-ts/core";
import { describe, expect, it, vi } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import {
  apiProject,
  apiUserInfo,
  catalogJson,
  publicRegion,
} from "../../testing/contractFixtures.ts";
import { launchContext } from "../launcher/contextInput.ts";
import { createValuesForm } from "../launcher-form/valuesForm.ts";
import { createLauncherUseCase } from "../launcher/launcherUseCase.ts";
import { createUserSettingsUseCase } from "../user-settings/userSettingsStore.ts";
import { createVaultAccess } from "../user-settings/vaultAccess.ts";
import { createProfileForm } from "./profileForm.ts";
import { profileForLaunch } from "./profileForLaunch.ts";
import { createUserProfileUseCase, userConfigsProfileStore } from "./userProfile.ts";

const schema: JSONSchema = {
  type: "object",
  properties: {
    aiAssistant: {
      type: "object",
      properties: {
        enabled: { type: "boolean", default: false },
        model: { type: "string", default: "" },
        apiKey: { type: "string", default: "", render: "password" },
      },
    },
    s3Profiles: {
      type: "array",
      default: [],
      items: {
        type: "object",
        properties: { host: { type: "string", default: "" } },
      },
    },
  },
};

const alice = apiUserInfo({ idep: "alice", email: "alice@lab" });

/** `null`: the server has no profile form. */
function setup(profileSchema: JSONSchema | null = schema) {
  const vault = createLocalVault(new MemoryStorage());
  const access = createVaultAccess({
    current: () => ({ region: publicRegion({ id: "r" }), userInfo: alice }),
    httpVault: () => vault,
    localVault: () => vault,
    projectsSeen: () => undefined,
  });
  const settings = createUserSettingsUseCase({
    vault: access,
    userInfo: () => alice,
    disablePersonalInfosInjectionInGroup: false,
    commandBarByDefault: true,
    sessionStorage: memoryStorage(),
  });
  const api = { profileSchema: vi.fn(async () => profileSchema ?? undefined) };
  const useCase = createUserProfileUseCase({ api, store: userConfigsProfileStore(settings) });
  return { useCase, settings, vault, api };
}

const context = () =>
  launchContext(memoryStorage(), {
    userInfo: alice,
    project: apiProject({ id: "user-alice" }),
    region: publicRegion({ id: "r" }),
    lang: "en",
    darkMode: false,
  });

describe("the user-profile use case", () => {
  it("loads once per user, saves Onyxia's userProfileStr in the user configs, and reads it back", async () => {
    const { useCase, settings, api } = setup();
    await Promise.all([useCase.load("alice"), useCase.load("alice")]);
    expect(api.profileSchema).toHaveBeenCalledTimes(1);
    expect(useCase.getSnapshot()).toEqual({ status: "ready", schema, profile: undefined });
    const profile: UserProfile = {
      userProfileValues: { aiAssistant: { enabled: true, model: "m", apiKey: "k" } },
      autoInjectionDisabledFields: [{ valuesPath: ["aiAssistant", "apiKey"] }],
    };
    await useCase.save(profile);
    const stored = (await settings.userConfigs()).userProfileStr;
    expect(readUserProfileStr(stored).profile).toEqual(profile);
    // Another session of the same user reads it from the same Vault.
    const again = createUserProfileUseCase({
      api: { profileSchema: async () => schema },
      store: userConfigsProfileStore(settings),
    });
    await again.load("alice");
    expect(again.getSnapshot()).toMatchObject({ status: "ready", profile });
  });

  it("injects the saved profile, or the schema's defaults, and nothing without a profile form", async () => {
    const { useCase } = setup();
    expect(profileForLaunch(useCase.loaded(), context())).toBeUndefined();
    await useCase.load("alice");
    expect(profileForLaunch(useCase.loaded(), context())?.injected).toEqual({
      aiAssistant: { enabled: false, model: "", apiKey: "" },
      s3Profiles: [],
    });
    const { useCase: none, settings } = setup(null);
    const read = vi.spyOn(settings, "userConfigs");
    await none.load("alice");
    expect(read).not.toHaveBeenCalled();
    expect(none.getSnapshot()).toMatchObject({ status: "ready", schema: undefined });
    expect(profileForLaunch(none.loaded(), context())).toBeUndefined();
  });

  it("resets a stored profile it cannot read, and says why", async () => {
    const { useCase, settings } = setup();
    await settings.saveUserConfigs({ userProfileStr: '{"values": {}}' });
    await useCase.load("alice");
    expect(useCase.getSnapshot()).toMatchObject({
      status: "ready",
      profile: undefined,
      problem: expect.stringMatching(/userProfileValues/),
    });
    expect((await settings.userConfigs()).userProfileStr).toBeNull();
  });

  it("reports a failed load, and refuses to save before a load", async () => {
    const failing = createUserProfileUseCase({
      api: { profileSchema: vi.fn().mockRejectedValue(new Error("503")) },
      store: { load: async () => null, save: async () => undefined },
    });
    await expect(
      failing.save({ userProfileValues: {}, autoInjectionDisabledFields: [] }),
    ).rejects.toThrow(/once it has loaded/);
    await failing.load("alice");
    expect(failing.getSnapshot()).toMatchObject({ status: "error" });
  });
});

describe("the account page's profile form", () => {
  it("edits with the launcher's engine, keeps items out of launches, saves and undoes", async () => {
    const saved: UserProfile[] = [];
    const form = createProfileForm({
      schema,
      profile: undefined,
      context: context(),
      save: async (p) => void saved.push(p),
    });
    const model = form.values.getSnapshot().model;
    expect("model" in model && model.model.main.map((n) => n.helmPath.join("."))).toEqual([
      "aiAssistant",
      "s3Profiles",
    ]);
    expect(form.getSnapshot().dirty).toBe(false);
    form.actions.setValue(["aiAssistant", "model"], "gpt-x");
    form.actions.setValue(["s3Profiles", 0], { host: "a" });
    form.actions.setValue(["s3Profiles", 1], { host: "b" });
    form.actions.autoInjection.setInjected(["s3Profiles", 1], false);
    expect(form.actions.autoInjection.isInjected(["s3Profiles", 1])).toBe(false);
    expect(form.getSnapshot().dirty).toBe(true);
    // Removing the first item moves the second's setting along with it.
    form.actions.removeItem(["s3Profiles", 0]);
    expect(form.values.getSnapshot().values).toMatchObject({ s3Profiles: [{ host: "b" }] });
    expect(form.getSnapshot().disabledFields).toEqual([{ valuesPath: ["s3Profiles", 0] }]);
    await form.save();
    expect(saved).toEqual([
      {
        userProfileValues: {
          aiAssistant: { enabled: false, model: "gpt-x", apiKey: "" },
          s3Profiles: [{ host: "b" }],
        },
        autoInjectionDisabledFields: [{ valuesPath: ["s3Profiles", 0] }],
      },
    ]);
    expect(form.getSnapshot()).toMatchObject({ dirty: false, saved: true });
    form.actions.setValue(["aiAssistant", "model"], "other");
    expect(form.getSnapshot()).toMatchObject({ dirty: true, saved: false });
    form.restore();
    expect(form.values.getSnapshot().values).toHaveProperty("aiAssistant.model", "gpt-x");
    expect(form.getSnapshot().dirty).toBe(false);
  });
});

describe("launches", () => {
  it("get user.profile in their context and the kept-out items as autocomplete options", async () => {
    const { useCase } = setup();
    await useCase.load("alice");
    await useCase.save({
      userProfileValues: {
        aiAssistant: { enabled: true, model: "gpt-x", apiKey: "sk" },
        s3Profiles: [{ host: "a" }, { host: "b" }],
      },
      autoInjectionDisabledFields: [{ valuesPath: ["s3Profiles", 1] }],
    });
    const launcher = createLauncherUseCase({
      api: {} as never,
      catalogs: { get: async () => ({ catalogs: [catalogJson("ide", [])] }) } as never,
      localStorage: memoryStorage(),
      sessionStorage: memoryStorage(),
      userProfile: useCase,
    });
    const { context: launch, autocompleteContext } = launcher.context({
      userInfo: alice,
      project: apiProject({ id: "user-alice" }),
      region: publicRegion({ id: "r" }),
      lang: "en",
      darkMode: false,
    });
    expect(launch.user.profile).toEqual({
      aiAssistant: { enabled: true, model: "gpt-x", apiKey: "sk" },
      s3Profiles: [{ host: "a" }],
    });
    expect(autocompleteContext).toEqual({ user: { profile: { s3Profiles: [{ host: "b" }] } } });

    // A chart filling an array from the profile: the launcher's form offers the kept-out item.
    const chart: JSONSchema = {
      type: "object",
      properties: {
        s3Profiles: {
          type: "array",
          default: [],
          "x-onyxia": { overwriteDefaultWith: "{{user.profile.s3Profiles}}" },
          items: { type: "object", properties: { host: { type: "string", default: "" } } },
        },
      },
    };
    const form = createValuesForm(
      {
        schema: chart,
        context: launch,
        dependencies: [],
        valuesYaml: undefined,
        autocompleteContext,
      },
      { s3Profiles: [{ host: "a" }, { host: "" }] },
    );
    const options = form.autocompleteOptions(["s3Profiles", 1, "host"]);
    expect(options).toEqual([
      { optionValue: "b", overwrite: { path: ["s3Profiles", 1], value: { host: "b" } } },
    ]);
    form.setValue(options[0]!.overwrite.path, options[0]!.overwrite.value);
    expect(form.getSnapshot().values).toEqual({ s3Profiles: [{ host: "a" }, { host: "b" }] });
    expect(form.autocompleteOptions(["s3Profiles", 1, "host"])).toEqual([]);
  });
});
