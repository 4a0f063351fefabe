// What the user adds to S3, per project (keyed by the project's storage id): their own profiles,
// kept where Onyxia keeps them (the project's `.onyxia/s3Profiles` in Vault, else this browser:
// userProfilesStorage.ts), and their bookmarks, in this browser's storage.
import type { ResolvedBookmark, StoredS3Profile } from "@onyxia-ts/core";
import { objectKeyProblem, bucketNameProblem } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { S3Credentials } from "../../ports/s3.ts";
import { createState, type Store } from "../../store.ts";
import { UserS3ProfilesConflict, type UserS3ProfilesStorage } from "./userProfilesStorage.ts";

export interface UserBookmark {
  id: string;
  /** `bucket/prefix` without the scheme. */
  s3UriWithoutScheme: string;
  title: string;
  /** The profile it was made with (undefined: shown for every profile). */
  profileName?: string;
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
  addBookmark(bookmark: Omit<UserBookmark, "id">): UserBookmark;
  renameBookmark(id: string, title: string): void;
  removeBookmark(id: string): void;
  /** Resolves once the profiles are read (never rejects: the state says what failed). */
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

/** The bookmarks' storage key: the project's storage id, so each project has its own. */
export const userS3StorageKey = (projectStorageId: string) => `datalab.s3.user.${projectStorageId}`;

function readBookmarks(storage: KeyValueStorage, key: string): UserBookmark[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? "{}") as { bookmarks?: unknown };
    return Array.isArray(parsed.bookmarks) ? (parsed.bookmarks as UserBookmark[]) : [];
  } catch {
    return [];
  }
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
  /** The bookmarks' storage (this browser). */
  storage: KeyValueStorage;
  projectStorageId: string;
  /** Where the profiles are kept (Vault, else this browser). */
  profiles: UserS3ProfilesStorage;
  newId?: () => string;
  now?: () => number;
}

export function createUserS3Store(deps: UserS3StoreDeps): UserS3Store {
  const newId = deps.newId ?? (() => Math.random().toString(36).slice(2, 10));
  const now = deps.now ?? Date.now;
  const key = userS3StorageKey(deps.projectStorageId);
  const state = createState<UserS3Data>({
    bookmarks: readBookmarks(deps.storage, key),
    profiles: [],
    profilesStatus: "loading",
    durable: deps.profiles.durable,
  });
  let version = 0;
  const updateBookmarks = (change: (b: UserBookmark[]) => UserBookmark[]) => {
    state.set((d) => ({ ...d, bookmarks: change(d.bookmarks) }));
    deps.storage.setItem(key, JSON.stringify({ bookmarks: state.get().bookmarks }));
  };
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
      const path = input.s3UriWithoutScheme.replace(/^s3:\/\//, "");
      const problem = bookmarkProblem(path);
      if (problem) throw new Error(`Bookmark "${path}": ${problem}`);
      const title = input.title.trim() || path;
      const bookmark: UserBookmark = { ...input, s3UriWithoutScheme: path, title, id: newId() };
      updateBookmarks((b) => [...b, bookmark]);
      return bookmark;
    },
    renameBookmark(id, title) {
      const trimmed = title.trim();
      if (!trimmed) throw new Error("A bookmark needs a title");
      updateBookmarks((list) => list.map((b) => (b.id === id ? { ...b, title: trimmed } : b)));
    },
    removeBookmark(id) {
      updateBookmarks((list) => list.filter((b) => b.id !== id));
    },
    ready: () => loading,
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
    .filter((b) => b.profileName === undefined || b.profileName === profileName)
    .map((b) => ({
      id: b.id,
      s3UriWithoutScheme: b.s3UriWithoutScheme,
      title: b.title,
      origin: "user",
    }));
}
