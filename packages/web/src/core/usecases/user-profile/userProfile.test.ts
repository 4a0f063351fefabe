import { createXOnyxiaContext, resolveXOnyxiaReference } from "@onyxia-ts/core";
import { describe, expect, it, vi } from "vitest";
import {
  browserUserProfileStore,
  parseStoredProfile,
} from "../../adapters/browserUserProfileStore.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import type { UserProfile } from "../../ports/userProfileStore.ts";
import { buildContextInput } from "../launcher/contextInput.ts";
import { profileForLaunch, withUserProfile } from "./profileInjection.ts";
import { createUserProfileUseCase } from "./userProfile.ts";

const profile: UserProfile = {
  values: {
    aiAssistant: { enabled: true, provider: "openai", model: "gpt-x", apiBase: "", apiKey: "sk-1" },
  },
  autoInjectionDisabledFields: [["aiAssistant", "apiKey"]],
};

describe("the declarative profile in launches", () => {
  it("injects the values as user.profile, except the fields kept out, which become autocomplete options", () => {
    const { injected, autocompleteOptions } = profileForLaunch(profile);
    expect(injected).toEqual({
      aiAssistant: { enabled: true, provider: "openai", model: "gpt-x", apiBase: "" },
    });
    expect(autocompleteOptions).toEqual([{ path: ["aiAssistant", "apiKey"], value: "sk-1" }]);
    // The profile itself is untouched.
    expect((profile.values.aiAssistant as Record<string, unknown>).apiKey).toBe("sk-1");
  });

  it("fills user.profile.aiAssistant.* references of a chart through the x-onyxia context", () => {
    const input = buildContextInput({
      userInfo: undefined,
      project: undefined,
      region: undefined,
      lang: "en",
      darkMode: false,
      random: () => 0.5,
      projectPassword: "pw",
    });
    const context = createXOnyxiaContext(withUserProfile(input, profile));
    expect(resolveXOnyxiaReference("user.profile.aiAssistant.model", context)).toBe("gpt-x");
    expect(resolveXOnyxiaReference("{{user.profile.aiAssistant.provider}}", context)).toBe(
      "openai",
    );
    expect(resolveXOnyxiaReference("user.profile.aiAssistant.apiKey", context)).toBeUndefined();
    const without = createXOnyxiaContext(withUserProfile(input, undefined));
    expect(without.user.profile).toBeUndefined();
  });
});

describe("browserUserProfileStore (to be replaced by a Vault-backed store)", () => {
  it("saves and loads one profile per user, and reads anything else as none", async () => {
    const storage = memoryStorage();
    const store = browserUserProfileStore(storage);
    await store.save("jdoe", profile);
    expect(await store.load("jdoe")).toEqual(profile);
    expect(await store.load("other")).toBeUndefined();
    expect(parseStoredProfile("{not json")).toBeUndefined();
    expect(parseStoredProfile('{"values": 3}')).toBeUndefined();
    expect(
      parseStoredProfile('{"values": {}, "autoInjectionDisabledFields": [[1, {}], ["a"]]}'),
    ).toEqual({ values: {}, autoInjectionDisabledFields: [["a"]] });
  });
});

describe("the user-profile use case", () => {
  it("loads the schema and the saved values, saves through the store, and exposes what launches inject", async () => {
    const schema = { type: "object", properties: { aiAssistant: { type: "object" } } } as const;
    const storage = memoryStorage();
    const useCase = createUserProfileUseCase({
      api: { profileSchema: vi.fn().mockResolvedValue(schema) },
      store: browserUserProfileStore(storage),
    });
    expect(useCase.current()).toBeUndefined();
    await useCase.load("jdoe");
    expect(useCase.getSnapshot()).toEqual({ status: "ready", schema, profile: undefined });
    await useCase.save(profile);
    expect(useCase.current()).toEqual(profile);
    expect(storage.getItem("datalab.userProfile.jdoe")).toBe(JSON.stringify(profile));
  });

  it("has no form when the server has no profile schema, and reports a failed load", async () => {
    const none = createUserProfileUseCase({
      api: { profileSchema: vi.fn().mockResolvedValue(undefined) },
      store: browserUserProfileStore(memoryStorage()),
    });
    await none.load("jdoe");
    expect(none.getSnapshot()).toMatchObject({ status: "ready", schema: undefined });
    const failing = createUserProfileUseCase({
      api: { profileSchema: vi.fn().mockRejectedValue(new Error("503")) },
      store: browserUserProfileStore(memoryStorage()),
    });
    await failing.load("jdoe");
    expect(failing.getSnapshot()).toMatchObject({ status: "error" });
    await expect(failing.save(profile)).rejects.toThrow(/once it has loaded/);
  });
});
