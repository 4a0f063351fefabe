// The user's S3 bookmarks kept as Onyxia keeps them: the user config `s3BookmarksStr` in the
// personal project's `.onyxia/` (Vault's `{value}` encoding), read and written through the real
// user-settings use case over the in-memory Vault; without Vault, this browser, saying so.
import { describe, expect, it } from "vitest";
import { readS3BookmarksStr } from "@onyxia-ts/core";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { apiProject, apiUserInfo, publicRegion } from "../../testing/contractFixtures.ts";
import { createUserSettingsUseCase } from "../user-settings/userSettingsStore.ts";
import { createVaultAccess } from "../user-settings/vaultAccess.ts";
import { memoryBookmarks } from "./fakeS3.ts";
import { browserS3Profiles } from "./userProfilesStorage.ts";
import { createUserS3Store, userBookmarksFor, userConfigsS3BookmarksStore } from "./userStore.ts";

const userInfo = apiUserInfo({
  idep: "alice",
  email: "alice@lab",
  projects: [
    apiProject({ id: "user-alice" }),
    apiProject({ id: "projet-team-a", group: "team-a" }),
  ],
});
const SECRET = "user-alice/.onyxia/s3BookmarksStr";

/** A bookmark list exactly as Onyxia writes it (its S3 URI object, `displayName` left out when unset). */
const onyxiaWritten = JSON.stringify([
  {
    profileName: "default",
    displayName: "Shared data",
    s3Uri: {
      type: "prefix",
      bucket: "donnees-insee",
      delimiter: "/",
      keySegments: ["diffusion", "2024"],
      isDelimiterTerminated: true,
    },
  },
  {
    profileName: "team-team-a",
    s3Uri: {
      type: "prefix",
      bucket: "projet-team-a",
      delimiter: "/",
      keySegments: [],
      isDelimiterTerminated: true,
    },
  },
]);

function setup(regionVault: boolean) {
  const storage = new MemoryStorage();
  const vault = createLocalVault(storage);
  const region = publicRegion({
    id: "r",
    ...(regionVault
      ? {
          vault: {
            URL: "https://vault.lab/",
            kvEngine: "onyxia-kv",
            prefix: "user-",
            authPath: "jwt",
          },
        }
      : {}),
  });
  const access = createVaultAccess({
    current: () => ({ region, userInfo }),
    httpVault: () => vault,
    localVault: () => vault,
    projectsSeen: () => undefined,
  });
  const settings = createUserSettingsUseCase({
    vault: access,
    userInfo: () => userInfo,
    disablePersonalInfosInjectionInGroup: false,
    commandBarByDefault: true,
    sessionStorage: memoryStorage(),
  });
  const storeFor = (projectStorageId: string) =>
    createUserS3Store({
      bookmarks: userConfigsS3BookmarksStore(settings, () => "alice"),
      profiles: browserS3Profiles(memoryStorage(), projectStorageId),
    });
  return { vault, settings, storeFor };
}

describe("user S3 bookmarks in the user configs", () => {
  it("reads a list Onyxia wrote, and writes ours in Onyxia's format", async () => {
    const { vault, storeFor } = setup(true);
    await vault.put(SECRET, { value: onyxiaWritten });
    const store = storeFor("user-alice");
    await store.ready();
    const data = store.getSnapshot();
    expect(data.bookmarksDurable).toBe(true);
    expect(data.bookmarksError).toBeUndefined();
    expect(userBookmarksFor(data, "default")).toEqual([
      expect.objectContaining({
        s3UriWithoutScheme: "donnees-insee/diffusion/2024/",
        title: "Shared data",
        origin: "user",
      }),
    ]);
    expect(userBookmarksFor(data, "team-team-a").map((b) => b.title)).toEqual(["projet-team-a/"]);

    const added = store.addBookmark({
      s3UriWithoutScheme: "s3://user-alice/results",
      title: " Results ",
      profileName: "default",
    });
    expect(added).toMatchObject({ s3UriWithoutScheme: "user-alice/results/", title: "Results" });
    expect(store.getSnapshot().bookmarks).toHaveLength(3); // shown before the save
    await store.bookmarksSaved();
    const secret = (await vault.get(SECRET))?.data;
    expect(Object.keys(secret ?? {})).toEqual(["value"]);
    const written = JSON.parse(String(secret?.["value"])) as unknown[];
    // Onyxia's two entries come back byte for byte, ours in the same shape.
    expect(JSON.stringify(written.slice(0, 2))).toBe(onyxiaWritten);
    expect(written[2]).toEqual({
      profileName: "default",
      displayName: "Results",
      s3Uri: {
        type: "prefix",
        bucket: "user-alice",
        delimiter: "/",
        keySegments: ["results"],
        isDelimiterTerminated: true,
      },
    });

    store.renameBookmark(added.id, "Outputs");
    store.removeBookmark("team-team-a|projet-team-a/");
    await store.bookmarksSaved();
    const after = readS3BookmarksStr(String((await vault.get(SECRET))?.data["value"]));
    expect(
      after.bookmarks.map((b) => [b.profileName, b.displayName, b.s3UriWithoutScheme]),
    ).toEqual([
      ["default", "Shared data", "donnees-insee/diffusion/2024/"],
      ["default", "Outputs", "user-alice/results/"],
    ]);
  });

  it("is per user: another project's store sees the same list and keeps its changes", async () => {
    const { vault, storeFor } = setup(true);
    const personal = storeFor("user-alice");
    const group = storeFor("projet-team-a");
    await Promise.all([personal.ready(), group.ready()]);
    personal.addBookmark({
      s3UriWithoutScheme: "user-alice/",
      title: "Mine",
      profileName: "default",
    });
    await personal.bookmarksSaved();
    // The group store never reread, yet its save keeps the personal store's bookmark.
    group.addBookmark({ s3UriWithoutScheme: "projet-team-a/", title: "", profileName: "default" });
    await group.bookmarksSaved();
    const stored = readS3BookmarksStr(String((await vault.get(SECRET))?.data["value"]));
    expect(stored.bookmarks.map((b) => b.s3UriWithoutScheme)).toEqual([
      "user-alice/",
      "projet-team-a/",
    ]);
    expect(stored.bookmarks[1]?.displayName).toBeUndefined();
    expect(group.getSnapshot().bookmarks.map((b) => b.title)).toEqual(["Mine", "projet-team-a/"]);
  });

  it("reads Onyxia's older S3 URI shapes and says which entries it left out", () => {
    const older = JSON.stringify([
      {
        profileName: "p",
        s3Uri: {
          bucket: "b",
          delimiter: "/",
          keySegments: ["x", "y"],
          isDelimiterTerminated: false,
        },
      },
      {
        profileName: "p",
        displayName: "part",
        s3Uri: {
          type: "prefix",
          bucket: "b",
          delimiter: "/",
          keySegments: ["x"],
          isDelimiterTerminated: false,
          nextKeySegmentPrefix: "y",
        },
      },
      { displayName: "no profile", s3Uri: { bucket: "b" } },
      { profileName: "p", s3Uri: "s3://b/x/" },
    ]);
    const read = readS3BookmarksStr(older);
    expect(read.bookmarks.map((b) => b.s3UriWithoutScheme)).toEqual(["b/x/y", "b/x/y"]);
    expect(read.problem).toMatch(
      /bookmark 2: profileName is missing; bookmark 3: s3Uri is not an object/,
    );
    expect(readS3BookmarksStr("{").problem).toMatch(/not valid JSON/);
    expect(readS3BookmarksStr(null)).toEqual({ bookmarks: [] });
  });

  it("without Vault keeps them in this browser and says so; refuses a bad bucket", async () => {
    const { settings, storeFor } = setup(false);
    const store = storeFor("user-alice");
    await store.ready();
    expect(store.getSnapshot().bookmarksDurable).toBe(false);
    store.addBookmark({ s3UriWithoutScheme: "user-alice/", title: "Home", profileName: "default" });
    await store.bookmarksSaved();
    const text = (await settings.userConfigs()).s3BookmarksStr;
    expect(readS3BookmarksStr(text).bookmarks).toEqual([
      { profileName: "default", displayName: "Home", s3UriWithoutScheme: "user-alice/" },
    ]);
    expect(() =>
      store.addBookmark({ s3UriWithoutScheme: "Bad_Bucket/", title: "x", profileName: "default" }),
    ).toThrow(/Bad_Bucket/);
    expect(() => store.renameBookmark("default|user-alice/", "  ")).toThrow(/needs a title/);
  });

  it("gives nobody signed in no bookmarks, and refuses to save them", async () => {
    const { settings, vault } = setup(true);
    const store = createUserS3Store({
      bookmarks: userConfigsS3BookmarksStore(settings, () => undefined),
      profiles: browserS3Profiles(memoryStorage(), "user-alice"),
    });
    await store.ready();
    expect(store.getSnapshot().bookmarks).toEqual([]);
    expect(store.getSnapshot().bookmarksError).toBeUndefined();
    store.addBookmark({ s3UriWithoutScheme: "user-alice/", title: "x", profileName: "default" });
    await store.bookmarksSaved();
    expect(store.getSnapshot().bookmarksError).toMatch(/signed-in user only/);
    expect(await vault.get(SECRET)).toBeUndefined();
  });

  it("shows why the bookmarks could not be saved", async () => {
    const bookmarks = memoryBookmarks(true);
    bookmarks.save = () => Promise.reject(new Error("Vault is down"));
    const store = createUserS3Store({
      bookmarks,
      profiles: browserS3Profiles(memoryStorage(), "user-alice"),
    });
    await store.ready();
    store.addBookmark({ s3UriWithoutScheme: "bucket-b/", title: "B", profileName: "default" });
    await store.bookmarksSaved();
    expect(store.getSnapshot().bookmarksError).toMatch(/Vault is down/);
    expect(bookmarks.text).toBeNull();
  });
});
