// What the user adds to S3, kept where Onyxia keeps it: their own profiles, per project (the
// project's `.onyxia/s3Profiles` in Vault, else this browser: userProfilesStorage.ts), and their
// bookmarks, per user (the user config `s3BookmarksStr`, in Vault, else this browser).
import type { ResolvedBookmark, StoredS3Profile, UserS3BookmarkEntry } from "@onyxia-ts/core";
import {
  bucketNameProblem,
  objectKeyProblem,
  readS3BookmarksStr,
  writeS3BookmarksStr,
} from "@onyxia-ts/core";
import type { UserS3BookmarksStore } from "../../ports/userS3BookmarksStore.ts";
import type { UserSettingsUseCase } from "../user-settings/userSettingsStore.ts";
import type { S3Credentials } from "../../ports/s3.ts";
import { createState, type Store } from "../../store.ts";
import { UserS3ProfilesConflict, type UserS3ProfilesStorage } from "./userProfilesStorage.ts";

export interface UserBookmark {
  /** Its profile and path (one bookmark per folder and profile). */
  id: string;
  /** `bucket/prefix/` without the scheme. */
  s3UriWithoutScheme: string;
  title: string;
  /** The profile it was made with (it is shown with that profile only, as Onyxia). */
  profileName: string;
}

/** The bookmarks kept where Onyxia keeps them: the user configs' `s3BookmarksStr` (Vault, else this browser). */
export function userConfigsS3BookmarksStore(
  settings: Pick<UserSettingsUseCase, "userConfigs" | "saveUserConfigs" | "durable">,
  /** The signed-in user (undefined: nobody, so no user configs and no bookmarks). */
  owner: () => string | undefined,
): UserS3BookmarksStore {
  return {
    owner,
    durable: () => settings.durable(),
    load: async () =>
      owner() === undefined ? null : (await settings.userConfigs()).s3BookmarksStr,
    save: async (text) => {
      if (owner() === undefined) throw new Error("Bookmarks are kept for a signed-in user only");
      await settings.saveUserConfigs({ s3BookmarksStr: text });
    },
  };
}

export interface UserProfileInput {
  profileName: string;
  url: string;
  region: string;
  pathStyleAccess: boolean;
  /** Undefined: anonymous access. */
  credentials?: Pick<S3Credentials, "accessKeyId" | "secretAccessKey" | "sessionToken">;
}

export interface UserS3Data {
  bookmarks: UserBookmark[];
  /** False: the bookmarks are kept in this browser only (no Vault in the region). */
  bookmarksDurable: boolean;
  /** Why the bookmarks could not be read or saved, or what was left out of the stored list. */
  bookmarksError?: string;
  /** In Onyxia's stored shape (creation time and the profile's own bookmarks kept as they are). */
  profiles: StoredS3Profile[];
  /** "loading" until the profiles are read; "error" when they could not be (profilesError says why). */
  profilesStatus: "loading" | "ready" | "error";
  profilesError?: string;
  /** False: the profiles are kept in this browser only (no Vault in the region). */
  durable: boolean;
  /** Set when a save met a list changed elsewhere: it was reloaded, the save not applied. */
  profilesNotice?: string;
}

export interface UserS3Store extends Store<UserS3Data> {
  /** Validates, shows it at once and saves it (a failed save is in `bookmarksError`). */
  addBookmark(bookmark: Omit<UserBookmark, "id">): UserBookmark;
  renameBookmark(id: string, title: string): void;
  removeBookmark(id: string): void;
  /** Resolves once the bookmarks' pending saves are done (never rejects). */
  bookmarksSaved(): Promise<void>;
  /** Resolves once the profiles and bookmarks are read (never rejects: the state says what failed). */
  ready(): Promise<void>;
  /** Reads the profiles again (after an error, or to see another member's change). */
  reload(): Promise<void>;
  /**
   * Saves (replacing a profile of the same name). A list changed elsewhere meanwhile is reloaded
   * and this throws UserS3ProfilesConflict; nothing is overwritten.
   */
  saveProfile(profile: UserProfileInput): Promise<void>;
  removeProfile(profileName: string): Promise<void>;
}

const bookmarkId = (b: { profileName: string; s3UriWithoutScheme: string }) =>
  `${b.profileName}|${b.s3UriWithoutScheme}`;

/** The stored entries as the bar shows them (a repeated folder and profile is shown once). */
function toUserBookmarks(entries: readonly UserS3BookmarkEntry[]): UserBookmark[] {
  const seen = new Set<string>();
  return entries.flatMap((e) => {
    const id = bookmarkId(e);
    if (seen.has(id)) return [];
    seen.add(id);
    return [
      {
        id,
        s3UriWithoutScheme: e.s3UriWithoutScheme,
        title: e.displayName ?? e.s3UriWithoutScheme,
        profileName: e.profileName,
      },
    ];
  });
}

/** A profile as the user entered it, in Onyxia's stored shape. */
export function toStoredProfile(
  profile: UserProfileInput,
  creationTime: number,
  bookmarks: StoredS3Profile["bookmarks"] = undefined,
): StoredS3Profile {
  return {
    profileName: profile.profileName.trim(),
    creationTime,
    url: profile.url.replace(/\/+$/, ""),
    region: profile.region.trim() || undefined,
    pathStyleAccess: profile.pathStyleAccess,
    credentials: profile.credentials
      ? {
          accessKeyId: profile.credentials.accessKeyId,
          secretAccessKey: profile.credentials.secretAccessKey,
          sessionToken: profile.credentials.sessionToken || undefined,
        }
      : undefined,
    bookmarks,
  };
}

/** Why a user profile cannot be saved, or undefined. */
export function userProfileProblem(
  profile: UserProfileInput,
  reservedNames: readonly string[],
): string | undefined {
  const name = profile.profileName.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name))
    return "profile name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";
  if (reservedNames.includes(name)) return `profile name: "${name}" is a region profile`;
  let url: URL;
  try {
    url = new URL(profile.url);
  } catch {
    return `endpoint: "${profile.url}" is not a URL`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "endpoint: only http:// and https:// are allowed";
  if (url.username || url.password) return "endpoint: credentials go in their own fields";
  if (!profile.region.trim()) return "region: required (e.g. us-east-1)";
  if (profile.credentials) {
    if (!profile.credentials.accessKeyId.trim()) return "access key id: required";
    if (!profile.credentials.secretAccessKey) return "secret access key: required";
  }
  return undefined;
}

/** Why a bookmark target is not a valid `bucket/prefix`, or undefined. */
export function bookmarkProblem(s3UriWithoutScheme: string): string | undefined {
  const path = s3UriWithoutScheme.replace(/^s3:\/\//, "");
  const slash = path.indexOf("/");
  const bucket = slash === -1 ? path : path.slice(0, slash);
  const prefix = slash === -1 ? "" : path.slice(slash + 1);
  return (
    bucketNameProblem(bucket) ??
    (prefix
      ? objectKeyProblem(prefix.endsWith("/") ? prefix : `${prefix}/`, { isPrefix: true })
      : undefined)
  );
}

export interface UserS3StoreDeps {
  /** Where the bookmarks are kept (the user configs: Vault, else this browser). */
  bookmarks: UserS3BookmarksStore;
  /** Where the profiles are kept (Vault, else this browser). */
  profiles: UserS3ProfilesStorage;
  now?: () => number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createUserS3Store(deps: UserS3StoreDeps): UserS3Store {
  const now = deps.now ?? Date.now;
  const state = createState<UserS3Data>({
    bookmarks: [],
    bookmarksDurable: deps.bookmarks.durable(),
    profiles: [],
    profilesStatus: "loading",
    durable: deps.profiles.durable,
  });
  let version = 0;
  const showBookmarks = (entries: UserS3BookmarkEntry[], problem: string | undefined) =>
    state.set((d) => {
      const { bookmarksError: _e, ...rest } = d;
      return {
        ...rest,
        bookmarks: toUserBookmarks(entries),
        ...(problem ? { bookmarksError: problem } : {}),
      };
    });
  const bookmarksFailed = (error: unknown) =>
    state.set((d) => ({ ...d, bookmarksError: message(error) }));
  const readStoredBookmarks = async () => readS3BookmarksStr(await deps.bookmarks.load());
  const loadBookmarks = readStoredBookmarks().then(
    ({ bookmarks, problem }) => showBookmarks(bookmarks, problem),
    bookmarksFailed,
  );
  let bookmarkSaves: Promise<void> = loadBookmarks;
  /**
   * Shows the change at once, then applies it to the stored list read afresh (another tab's or
   * project's change is kept) and saves it, one save after the other.
   */
  const updateBookmarks = (change: (b: UserS3BookmarkEntry[]) => UserS3BookmarkEntry[]) => {
    const shown = state.get().bookmarks.map((b) => ({
      profileName: b.profileName,
      displayName: b.title === b.s3UriWithoutScheme ? undefined : b.title,
      s3UriWithoutScheme: b.s3UriWithoutScheme,
    }));
    state.set((d) => ({ ...d, bookmarks: toUserBookmarks(change(shown)) }));
    bookmarkSaves = bookmarkSaves.then(async () => {
      try {
        const next = change((await readStoredBookmarks()).bookmarks);
        await deps.bookmarks.save(writeS3BookmarksStr(next));
        showBookmarks(next, undefined);
      } catch (error) {
        bookmarksFailed(error);
      }
    });
  };
  const byId = (id: string) => (e: UserS3BookmarkEntry) => bookmarkId(e) === id;
  const reload = async () => {
    try {
      const loaded = await deps.profiles.load();
      version = loaded.version;
      state.set((d) => {
        const { profilesError: _e, profilesNotice: _n, ...rest } = d;
        return { ...rest, profiles: loaded.profiles, profilesStatus: "ready" };
      });
    } catch (error) {
      state.set((d) => ({
        ...d,
        profilesStatus: "error",
        profilesError: error instanceof Error ? error.message : String(error),
      }));
    }
  };
  let loading = reload();
  /** Writes the changed list over the loaded version; a conflict reloads and rethrows. */
  const writeProfiles = async (change: (p: StoredS3Profile[]) => StoredS3Profile[]) => {
    await loading;
    if (state.get().profilesStatus !== "ready")
      throw new Error(`The S3 profiles could not be read: ${state.get().profilesError ?? ""}`);
    const next = change(state.get().profiles);
    try {
      version = (await deps.profiles.write(next, version)).version;
      state.set((d) => ({ ...d, profiles: next }));
    } catch (error) {
      if (error instanceof UserS3ProfilesConflict) {
        version = error.version;
        state.set((d) => ({ ...d, profiles: error.current, profilesNotice: error.message }));
      }
      throw error;
    }
  };
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    addBookmark(input) {
      const raw = input.s3UriWithoutScheme.replace(/^s3:\/\//, "");
      const problem = bookmarkProblem(raw);
      if (problem) throw new Error(`Bookmark "${raw}": ${problem}`);
      // A bookmark is a folder: Onyxia stores it as a prefix ending with "/".
      const path = raw.endsWith("/") ? raw : `${raw}/`;
      const title = input.title.trim() || path;
      const entry: UserS3BookmarkEntry = {
        profileName: input.profileName,
        displayName: title === path ? undefined : title,
        s3UriWithoutScheme: path,
      };
      const id = bookmarkId(entry);
      updateBookmarks((list) => [...list.filter((e) => !byId(id)(e)), entry]);
      return { id, s3UriWithoutScheme: path, title, profileName: input.profileName };
    },
    renameBookmark(id, title) {
      const trimmed = title.trim();
      if (!trimmed) throw new Error("A bookmark needs a title");
      updateBookmarks((list) =>
        list.map((e) =>
          byId(id)(e)
            ? { ...e, displayName: trimmed === e.s3UriWithoutScheme ? undefined : trimmed }
            : e,
        ),
      );
    },
    removeBookmark(id) {
      updateBookmarks((list) => list.filter((e) => !byId(id)(e)));
    },
    bookmarksSaved: () => bookmarkSaves,
    ready: () => Promise.all([loading, loadBookmarks]).then(() => undefined),
    reload: () => (loading = reload()),
    saveProfile(profile) {
      return writeProfiles((list) => {
        const name = profile.profileName.trim();
        const previous = list.find((p) => p.profileName === name);
        const stored = toStoredProfile(
          profile,
          previous?.creationTime ?? now(),
          previous?.bookmarks,
        );
        return previous ? list.map((p) => (p === previous ? stored : p)) : [...list, stored];
      });
    },
    removeProfile(profileName) {
      return writeProfiles((list) => list.filter((p) => p.profileName !== profileName));
    },
  };
}

/** The user's bookmarks as the bookmarks bar shows them, for one profile. */
export function userBookmarksFor(
  data: UserS3Data,
  profileName: string,
): (ResolvedBookmark & { id: string })[] {
  return data.bookmarks
    .filter((b) => b.profileName === profileName)
    .map((b) => ({
      id: b.id,
      s3UriWithoutScheme: b.s3UriWithoutScheme,
      title: b.title,
      origin: "user",
    }));
}
