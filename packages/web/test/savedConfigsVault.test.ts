// Saved configurations in Vault (Onyxia's restorableServiceConfigs): saves land in Onyxia's
// encoding; a list another member changed meanwhile is reloaded and reported, not overwritten.
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../src/vault/localVault.ts";
import { VaultSavedConfigs } from "../src/vault/savedConfigsVault.ts";

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
    const store = new VaultSavedConfigs(vault, "projet-team-a", () => "pw");
    await store.load();
    await store.save(config("a"));
    await store.rename("a", "b");
    const secret = await vault.get("projet-team-a/.onyxia/restorableServiceConfigs");
    expect(JSON.parse(secret?.data["valueAsJson"] as string)).toEqual(
      [{ ...config("b"), isShared: undefined, s3ProfileName: undefined }].map(
        (c) => JSON.parse(JSON.stringify(c)) as unknown,
      ),
    );
    await store.remove("b");
    expect(store.snapshot().configs).toEqual([]);
  });

  it("reloads another member's change instead of overwriting it", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const alice = new VaultSavedConfigs(vault, "projet-team-a", () => "pw");
    const bob = new VaultSavedConfigs(vault, "projet-team-a", () => "pw");
    await alice.load();
    await bob.load();
    await bob.save(config("bob's"));
    await alice.save(config("alice's"));
    expect(alice.snapshot().notice?.kind).toBe("reloaded");
    expect(alice.snapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's"]);
    // Saved again over the reloaded list: both are kept.
    await alice.save(config("alice's"));
    expect(alice.snapshot().notice).toBeUndefined();
    await bob.load();
    expect(bob.snapshot().configs.map((c) => c.friendlyName)).toEqual(["bob's", "alice's"]);
  });
});
