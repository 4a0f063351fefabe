// Saved configurations in Vault (Onyxia's restorableServiceConfigs) and in this browser, through
// the store: saves land in Onyxia's encoding; a list another member changed meanwhile is reloaded
// and reported, not overwritten.
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { browserSavedConfigs } from "./browserStorage.ts";
import { createProjectSavedConfigs } from "./savedConfigsStore.ts";
import { vaultSavedConfigs } from "./vaultStorage.ts";

const config = (friendlyName: string) => ({
  friendlyName,
  catalogId: "ide",
  chartName: "jupyter-python",
  chartVersion: "2.5.2",
  helmValuesPatch: [{ path: ["resources", "limits", "cpu"], value: "4000m" }],
});

describe("saved configurations in Vault", () => {
  it("saves, renames and deletes in Onyxia's encoding", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const store = createProjectSavedConfigs(vaultSavedConfigs(vault, "projet-team-a", () => "pw"));
    await store.load();
    expect(store.getSnapshot()).toMatchObject({ status: "ready", durable: true });
    await store.save(config("a"));
    expect(store.rename("a", "b")).toBe(true);
    await store.load();
    const secret = await vault.get("projet-team-a/.onyxia/restorableServiceConfigs");
    expect(JSON.parse(secret?.data["valueAsJson"] as string)).toEqual(
      [{ ...config("b"), isShared: undefined, s3ProfileName: undefined }].map(
        (c) => JSON.parse(JSON.stringify(c)) as unknown,
      ),
    );
    await store.remove("b");
    expect(store.getSnapshot().configs).toEqual([]);
  });

  it("reloads another member's change instead of overwriting it", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const alice = createProjectSavedConfigs(vaultSavedConfigs(vault, "projet-team-a", () => "pw"));
    const bob = createProjectSavedConfigs(vaultSavedConfigs(vault, "projet-team-a", () => "pw"));
    await alice.load();
    await bob.load();
    await bob.save(config("bob's"));
    await alice.save(config("alice's"));
    expect(alice.getSnapshot().notice?.kind).toBe("reloaded");
    expect(alice.getSnapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's"]);
    // Saved again over the reloaded list: both are kept.
    await alice.save(config("alice's"));
    expect(alice.getSnapshot().notice).toBeUndefined();
    await bob.load();
    expect(bob.getSnapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's", "alice's"]);
  });

  it("in a group project, reloads a member's save in the others' tabs without a save of theirs", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const ticks: (() => void)[] = [];
    const watched = (every: number) =>
      vaultSavedConfigs(vault, "projet-team-a", () => "pw", {
        watchEveryMs: every,
        setInterval: (callback) => ticks.push(callback),
        clearInterval: () => undefined,
      });
    const alice = createProjectSavedConfigs(watched(30_000));
    const bob = createProjectSavedConfigs(vaultSavedConfigs(vault, "projet-team-a", () => "pw"));
    await alice.load();
    await bob.load();
    expect(ticks).toHaveLength(1);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    // Nothing changed: a tick reads the version only, the list stays as it is.
    ticks[0]!();
    await settle();
    expect(alice.getSnapshot().configs).toEqual([]);
    await bob.save(config("bob's"));
    expect(alice.getSnapshot().configs).toEqual([]);
    ticks[0]!();
    await settle();
    expect(alice.getSnapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's"]);
    expect(alice.getSnapshot().notice).toBeUndefined();
    // Her own save does not count as someone else's: no reload loop, her list is kept.
    await alice.save(config("alice's"));
    ticks[0]!();
    await settle();
    expect(alice.getSnapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's", "alice's"]);
    // A personal project is not watched.
    createProjectSavedConfigs(watched(0));
    expect(ticks).toHaveLength(1);
  });

  it("refuses a rename onto a taken name without writing", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const store = createProjectSavedConfigs(vaultSavedConfigs(vault, "user-alice", () => "pw"));
    await store.save(config("a"));
    await store.save(config("b"));
    const before = (await vault.get("user-alice/.onyxia/restorableServiceConfigs"))?.version;
    expect(store.rename("a", "b")).toBe(false);
    await store.load();
    expect((await vault.get("user-alice/.onyxia/restorableServiceConfigs"))?.version).toBe(before);
  });
});

describe("saved configurations in this browser (no Vault)", () => {
  it("is not durable, and a write from another tab meanwhile is reloaded, not overwritten", async () => {
    const storage = memoryStorage();
    const tab1 = createProjectSavedConfigs(browserSavedConfigs(storage, "user-alice"));
    const tab2 = createProjectSavedConfigs(browserSavedConfigs(storage, "user-alice"));
    await tab1.load();
    await tab2.load();
    expect(tab1.getSnapshot().durable).toBe(false);
    await tab2.save(config("from tab 2"));
    await tab1.save(config("from tab 1"));
    expect(tab1.getSnapshot().notice?.kind).toBe("reloaded");
    expect(tab1.getSnapshot().configs.map((c) => c.friendlyName)).toEqual(["from tab 2"]);
    // The old format stays readable by the pure helpers.
    expect(JSON.parse(storage.getItem("datalab.savedConfigs.user-alice") ?? "")).toMatchObject({
      version: 1,
      configs: [{ friendlyName: "from tab 2" }],
    });
  });
});
