// What the user adds to S3 in this browser: their own bookmarks and their own profiles, per
// project (keyed by the project's storage id). Onyxia keeps both in the project's Vault-backed
// configuration; until that lands they live in the browser's storage, and the UI says so.
import type { ResolvedBookmark } from "@onyxia-ts/core";
import { objectKeyProblem, bucketNameProblem } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { S3Credentials } from "../../ports/s3.ts";
import { createState, type Store } from "../../store.ts";

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
  profiles: UserProfileInput[];
}

export interface UserS3Store extends Store<UserS3Data> {
  addBookmark(bookmark: Omit<UserBookmark, "id">): UserBookmark;
  renameBookmark(id: string, title: string): void;
  removeBookmark(id: string): void;
  /** Throws a clear error naming the bad field; replaces a profile of the same name. */
  saveProfile(profile: UserProfileInput): void;
  removeProfile(profileName: string): void;
}

/** The storage key: the project's storage id, so each project has its own (as Onyxia's Vault configs). */
export const userS3StorageKey = (projectStorageId: string) => `datalab.s3.user.${projectStorageId}`;

function read(storage: KeyValueStorage, key: string): UserS3Data {
  try {
    const raw = storage.getItem(key);
    if (!raw) return { bookmarks: [], profiles: [] };
    const parsed = JSON.parse(raw) as Partial<UserS3Data>;
    return {
      bookmarks: Array.isArray(parsed.bookmarks) ? parsed.bookmarks : [],
      profiles: Array.isArray(parsed.profiles) ? parsed.profiles : [],
    };
  } catch {
    return { bookmarks: [], profiles: [] };
  }
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

export function createUserS3Store(
  storage: KeyValueStorage,
  projectStorageId: string,
  newId: () => string = () => Math.random().toString(36).slice(2, 10),
): UserS3Store {
  const key = userS3StorageKey(projectStorageId);
  const state = createState<UserS3Data>(read(storage, key));
  const update = (change: (d: UserS3Data) => UserS3Data) => {
    state.set(change);
    storage.setItem(key, JSON.stringify(state.get()));
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
      update((d) => ({ ...d, bookmarks: [...d.bookmarks, bookmark] }));
      return bookmark;
    },
    renameBookmark(id, title) {
      const trimmed = title.trim();
      if (!trimmed) throw new Error("A bookmark needs a title");
      update((d) => ({
        ...d,
        bookmarks: d.bookmarks.map((b) => (b.id === id ? { ...b, title: trimmed } : b)),
      }));
    },
    removeBookmark(id) {
      update((d) => ({ ...d, bookmarks: d.bookmarks.filter((b) => b.id !== id) }));
    },
    saveProfile(profile) {
      const clean = {
        ...profile,
        profileName: profile.profileName.trim(),
        url: profile.url.replace(/\/+$/, ""),
      };
      update((d) => ({
        ...d,
        profiles: [...d.profiles.filter((p) => p.profileName !== clean.profileName), clean],
      }));
    },
    removeProfile(profileName) {
      update((d) => ({ ...d, profiles: d.profiles.filter((p) => p.profileName !== profileName) }));
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
