// User-created S3 profiles where Onyxia keeps them: `<vaultTopDir>/.onyxia/s3Profiles` as
// `{ valueAsJson }` in Onyxia's exact shape (reference §5.3.1), against an in-memory Vault; a
// group's list changed by another member is reloaded, not overwritten; without Vault, this browser.
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { VaultError, type VaultPort } from "../../ports/vault.ts";
import { toUserProfile } from "./s3UseCase.ts";
import {
  UserS3ProfilesConflict,
  browserS3Profiles,
  browserS3ProfilesKey,
  vaultS3Profiles,
} from "./userProfilesStorage.ts";
import { createUserS3Store } from "./userStore.ts";
import { memoryBookmarks } from "./fakeS3.ts";

const topDir = "projet-team-a";
const path = `${topDir}/.onyxia/s3Profiles`;

/** A list as Onyxia's web writes it (JSON.stringify drops the undefined fields). */
const onyxiaWritten = [
  {
    profileName: "archive",
    creationTime: 1_700_000_000_000,
    url: "https://s3.archive.example.org",
    region: "eu-west-3",
    pathStyleAccess: false,
    credentials: { accessKeyId: "AKARCHIVE", secretAccessKey: "archive-secret" },
    bookmarks: [
      { displayName: "Raw data", s3Uri: "s3://archive/raw/" },
      { s3Uri: "s3://archive/" },
    ],
  },
  {
    profileName: "public-data",
    creationTime: 1_700_000_100_000,
    url: "https://data.example.org",
    pathStyleAccess: true,
  },
];

const storeOn = (vault: VaultPort, now = () => 1_800_000_000_000) =>
  createUserS3Store({
    bookmarks: memoryBookmarks(),
    profiles: vaultS3Profiles(vault, topDir, () => "new-password"),
    now,
  });

describe("user S3 profiles in Vault", () => {
  it("reads a list Onyxia wrote, and keeps its entries byte for byte when adding one", async () => {
    const vault = createLocalVault(new MemoryStorage());
    await vault.put(path, { valueAsJson: JSON.stringify(onyxiaWritten) });
    const store = storeOn(vault);
    await store.ready();
    expect(store.getSnapshot()).toMatchObject({ profilesStatus: "ready", durable: true });
    expect(store.getSnapshot().profiles.map((p) => p.profileName)).toEqual([
      "archive",
      "public-data",
    ]);
    // As a session profile: its credentials, and its own bookmarks in the bookmarks bar.
    const archive = toUserProfile(store.getSnapshot().profiles[0]!);
    expect(archive.credentials).toEqual({
      accessKeyId: "AKARCHIVE",
      secretAccessKey: "archive-secret",
    });
    expect(archive.bookmarks.map((b) => [b.s3UriWithoutScheme, b.title])).toEqual([
      ["archive/raw/", "Raw data"],
      ["archive/", "archive/"],
    ]);
    expect(toUserProfile(store.getSnapshot().profiles[1]!).credentials).toBeUndefined();

    await store.saveProfile({
      profileName: "mine",
      url: "https://minio.example.org/",
      region: "us-east-1",
      pathStyleAccess: true,
      credentials: { accessKeyId: "AKMINE", secretAccessKey: "mine-secret", sessionToken: "" },
    });
    const secret = await vault.get(path);
    expect(Object.keys(secret!.data)).toEqual(["valueAsJson"]);
    expect(JSON.parse(secret!.data["valueAsJson"] as string)).toEqual([
      ...onyxiaWritten,
      {
        profileName: "mine",
        creationTime: 1_800_000_000_000,
        url: "https://minio.example.org",
        region: "us-east-1",
        pathStyleAccess: true,
        credentials: { accessKeyId: "AKMINE", secretAccessKey: "mine-secret" },
      },
    ]);
    // The project's other settings are initialised as Onyxia does (model version 2).
    expect((await vault.get(`${topDir}/.onyxia/__modelVersion`))?.data).toEqual({ value: 2 });
  });

  it("replaces a profile of the same name keeping its creation time and bookmarks; removes one", async () => {
    const vault = createLocalVault(new MemoryStorage());
    await vault.put(path, { valueAsJson: JSON.stringify(onyxiaWritten) });
    const store = storeOn(vault);
    await store.saveProfile({
      profileName: "archive",
      url: "https://s3.archive.example.org",
      region: "eu-west-3",
      pathStyleAccess: false,
      credentials: { accessKeyId: "AKROTATED", secretAccessKey: "rotated" },
    });
    const [archive] = store.getSnapshot().profiles;
    expect(archive).toMatchObject({
      creationTime: 1_700_000_000_000,
      credentials: { accessKeyId: "AKROTATED" },
      bookmarks: onyxiaWritten[0]!.bookmarks,
    });
    await store.removeProfile("public-data");
    const stored = JSON.parse((await vault.get(path))!.data["valueAsJson"] as string) as {
      profileName: string;
    }[];
    expect(stored.map((p) => p.profileName)).toEqual(["archive"]);
  });

  it("reloads a list another member changed meanwhile instead of overwriting it", async () => {
    const vault = createLocalVault(new MemoryStorage());
    const alice = storeOn(vault);
    const bob = storeOn(vault);
    await Promise.all([alice.ready(), bob.ready()]);
    const profile = (profileName: string) => ({
      profileName,
      url: "https://s3.example.org",
      region: "us-east-1",
      pathStyleAccess: true,
    });
    await bob.saveProfile(profile("bobs"));
    await expect(alice.saveProfile(profile("alices"))).rejects.toBeInstanceOf(
      UserS3ProfilesConflict,
    );
    expect(alice.getSnapshot().profiles.map((p) => p.profileName)).toEqual(["bobs"]);
    expect(alice.getSnapshot().profilesNotice).toMatch(/reloaded, not overwritten/);
    // Saved again over the reloaded list: both are kept.
    await alice.saveProfile(profile("alices"));
    await bob.reload();
    expect(bob.getSnapshot().profiles.map((p) => p.profileName)).toEqual(["bobs", "alices"]);
  });

  it("says when Vault cannot be read, and refuses to save over what it could not read", async () => {
    const down: VaultPort = {
      ...createLocalVault(new MemoryStorage()),
      get: () => Promise.reject(new VaultError("unreachable", "Vault is unreachable")),
    };
    const store = storeOn(down);
    await store.ready();
    expect(store.getSnapshot()).toMatchObject({
      profilesStatus: "error",
      profilesError: "Vault is unreachable",
    });
    await expect(
      store.saveProfile({
        profileName: "x",
        url: "https://x.org",
        region: "r",
        pathStyleAccess: true,
      }),
    ).rejects.toThrow(/could not be read: Vault is unreachable/);
  });
});

describe("user S3 profiles without Vault", () => {
  it("keeps them in this browser, per project, in Onyxia's shape, and says so", async () => {
    const storage = memoryStorage();
    const store = createUserS3Store({
      bookmarks: memoryBookmarks(),
      profiles: browserS3Profiles(storage, "user-alice"),
      now: () => 42,
    });
    await store.saveProfile({
      profileName: "anon",
      url: "https://data.example.org",
      region: "",
      pathStyleAccess: true,
    });
    expect(store.getSnapshot().durable).toBe(false);
    expect(JSON.parse(storage.getItem(browserS3ProfilesKey("user-alice"))!)).toEqual([
      {
        profileName: "anon",
        creationTime: 42,
        url: "https://data.example.org",
        pathStyleAccess: true,
      },
    ]);
    const other = browserS3Profiles(storage, "projet-team-a");
    expect((await other.load()).profiles).toEqual([]);
  });
});
