// The S3 feature: the profiles of this session (the region's, one per templated STS role, and
// the user's own), each with a client on the S3 port, shared by the explorer, the profile panel
// and the launcher. The AWS SDK adapter is loaded on first use (it is ~110 kB gzipped).
import {
  pickDefaultProfileName,
  readS3RegionConfig,
  selectS3Profile,
  type ResolvedBookmark,
  type StoredS3Profile,
} from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { OidcClientOverride } from "../../ports/oidc.ts";
import type { UserS3BookmarksStore } from "../../ports/userS3BookmarksStore.ts";
import type { S3Adapter, S3Credentials } from "../../ports/s3.ts";
import type { ApiProject, PublicRegion, UserInfo } from "@onyxia-ts/core";
import { projectStorageId } from "../session/projectStorageId.ts";
import type { CommandLog } from "../command-log/commandLog.ts";
import type { LaunchS3 } from "./launchS3.ts";
import {
  mergeProfiles,
  openProfileSession,
  regionS3Profiles,
  s3ProfilesForContext,
  type ProfileSession,
  type S3Profile,
  type UserS3Profile,
} from "./profiles.ts";
import { createExplorer, type Explorer } from "./explorerStore.ts";
import type { UserS3ProfilesStorage } from "./userProfilesStorage.ts";
import {
  createUserS3Store,
  userBookmarksFor,
  type UserS3Data,
  type UserS3Store,
} from "./userStore.ts";

export interface S3Deps {
  loadAdapter: () => Promise<S3Adapter>;
  /** The current OIDC tokens (STS needs a fresh access token; profiles are templated from the ID token). */
  oidcTokens: () => { accessToken: string | undefined; idTokenClaims: Record<string, unknown> };
  /**
   * A token of another client of the provider, for a region whose `sts.oidcConfiguration` names
   * one (the S3 store trusts its own client id or audience); unset: the app's token is used.
   */
  accessTokenFor?: (override: OidcClientOverride) => Promise<string>;
  commandLog: Pick<CommandLog, "log">;
  /** The user's bookmarks: the user config `s3BookmarksStr` (Vault, else this browser). */
  userBookmarks: UserS3BookmarksStore;
  /**
   * Where a project's user-created profiles are kept: its `.onyxia/s3Profiles` in the region's
   * Vault, else this browser (bootstrap decides; userProfilesStorage.ts).
   */
  profilesStorage: (projectStorageId: string) => UserS3ProfilesStorage;
  /** The STS credentials cache across reloads of this tab (as Onyxia: sessionStorage). */
  sessionStorage: KeyValueStorage;
  now?: () => number;
}

export interface S3Scope {
  region: PublicRegion | undefined;
  /** The project's storage id: user bookmarks and profiles are per project. */
  projectStorageId: string;
  /** A group project with DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: no region profile. */
  canInjectPersonalInfos: boolean;
  /** The username, to keep users of one browser apart in the credentials cache. */
  userKey: string;
}

/** The scope of a session: the React binding (useS3Scope) and a read started with the app agree. */
export function s3ScopeOf(
  session: {
    region: PublicRegion | undefined;
    project: ApiProject | undefined;
    userInfo: UserInfo | undefined;
  },
  disablePersonalInfosInjectionInGroup: boolean,
): S3Scope {
  return {
    region: session.region,
    projectStorageId: projectStorageId(session),
    canInjectPersonalInfos: !(
      Boolean(session.project?.group) && disablePersonalInfosInjectionInGroup
    ),
    userKey: session.userInfo?.idep ?? "anonymous",
  };
}

export interface ProfilesView {
  sessions: ProfileSession[];
  warnings: string[];
  defaultProfileName: string | undefined;
}

export interface S3UseCase {
  /** The user's own bookmarks (this browser) and profiles (Vault, else this browser) of a project. */
  userData(projectStorageId: string): UserS3Store;
  /** Opens (once) the scope's profiles with their clients; loads the SDK on first call. */
  profiles(scope: S3Scope): Promise<ProfilesView>;
  /** Starts loading the SDK now (a page that will need it soon), without waiting. */
  prefetchAdapter(): void;
  /** The bookmarks bar of a profile: the region's, then the user's. */
  bookmarks(session: ProfileSession, user: UserS3Data): (ResolvedBookmark & { id?: string })[];
  /** An explorer on a profile, logging every action's `mc` command to the command bar. */
  explorer(session: ProfileSession): Explorer;
  /** The credentials in use (undefined: anonymous); `renew` asks STS for new ones. */
  credentials(
    session: ProfileSession,
    options?: { renew?: boolean },
  ): Promise<S3Credentials | undefined>;
  /** The launcher's `s3` / `s3_array` input, with live credentials; the `s3=` link parameter selects one. */
  launchPart(scope: S3Scope, selectedProfileName: string | undefined): Promise<LaunchS3>;
}

/** Whether the region has an S3 configuration (the left bar's "My files" link). */
export function regionHasS3(region: PublicRegion | undefined): boolean {
  const data = region?.data as { S3?: unknown } | undefined;
  if (!data?.S3) return false;
  try {
    return readS3RegionConfig(data).model.entries.length > 0;
  } catch {
    return true; // a broken configuration still shows the page, which explains the error
  }
}

/** The region's `sts.oidcConfiguration` of a profile, its string fields only; undefined: none. */
export function stsOidcOverride(profile: S3Profile): OidcClientOverride | undefined {
  if (profile.origin !== "region") return undefined;
  const conf = profile.sts.oidcConfiguration;
  if (!conf) return undefined;
  const override: OidcClientOverride = {};
  for (const key of ["issuerURI", "clientID", "scope", "extraQueryParams", "audience"] as const) {
    const value = conf[key];
    if (typeof value === "string" && value !== "") override[key] = value;
  }
  return Object.keys(override).length > 0 ? override : undefined;
}

/** A stored profile (Onyxia's shape) as a session profile; its own bookmarks go to the bookmarks bar. */
export function toUserProfile(p: StoredS3Profile): UserS3Profile {
  return {
    profileName: p.profileName,
    origin: "user",
    url: p.url,
    // The SDK needs a region; MinIO and most S3-compatible stores accept us-east-1.
    region: p.region ?? "us-east-1",
    pathStyleAccess: p.pathStyleAccess,
    ...(p.credentials
      ? {
          credentials: {
            accessKeyId: p.credentials.accessKeyId,
            secretAccessKey: p.credentials.secretAccessKey,
            ...(p.credentials.sessionToken ? { sessionToken: p.credentials.sessionToken } : {}),
          },
        }
      : {}),
    bookmarks: (p.bookmarks ?? []).map((b) => {
      const s3UriWithoutScheme = b.s3Uri.replace(/^s3:\/\//, "");
      return { s3UriWithoutScheme, title: b.displayName ?? s3UriWithoutScheme, origin: "user" };
    }),
  };
}

export function createS3UseCase(deps: S3Deps): S3UseCase {
  let adapter: Promise<S3Adapter> | undefined;
  const opened = new Map<string, ProfileSession>();
  const userStores = new Map<string, UserS3Store>();
  const log = (command: string) => deps.commandLog.log("S3", [command]);

  const userData = (projectStorageId: string) => {
    const profilesStorage = deps.profilesStorage(projectStorageId);
    // A store per project, kind of storage (Vault appears once the user is known) and user (the
    // bookmarks are the signed-in user's).
    const key = JSON.stringify([
      projectStorageId,
      profilesStorage.durable,
      deps.userBookmarks.owner() ?? null,
    ]);
    let store = userStores.get(key);
    if (!store) {
      store = createUserS3Store({
        bookmarks: deps.userBookmarks,
        profiles: profilesStorage,
        ...(deps.now ? { now: deps.now } : {}),
      });
      userStores.set(key, store);
    }
    return store;
  };

  function loadAdapter(): Promise<S3Adapter> {
    adapter ??= deps.loadAdapter().catch((error: unknown) => {
      adapter = undefined; // a failed chunk load is retried next time
      throw error;
    });
    return adapter;
  }

  /** STS's web identity: the token of the region's STS client when it names one, else the app's. */
  async function stsAccessToken(profile: S3Profile): Promise<string> {
    const override = profile.origin === "region" ? stsOidcOverride(profile) : undefined;
    if (override && deps.accessTokenFor) return deps.accessTokenFor(override);
    const token = deps.oidcTokens().accessToken;
    if (!token) throw new Error("S3 credentials need a login (no OIDC access token)");
    return token;
  }

  async function profiles(scope: S3Scope): Promise<ProfilesView> {
    const { idTokenClaims } = deps.oidcTokens();
    const region = regionS3Profiles(scope.region?.data ?? {}, idTokenClaims);
    const regionProfiles = scope.canInjectPersonalInfos ? region.profiles : [];
    const store = userData(scope.projectStorageId);
    await store.ready();
    const stored = store.getSnapshot();
    const user = stored.profiles.map(toUserProfile);
    const warnings =
      stored.profilesStatus === "error"
        ? [...region.warnings, `Your S3 profiles could not be read: ${stored.profilesError}`]
        : region.warnings;
    const all: S3Profile[] = mergeProfiles(regionProfiles, user);
    if (all.length === 0) return { sessions: [], warnings, defaultProfileName: undefined };
    const loaded = await loadAdapter();
    const sessions = all.map((profile) => {
      const key = `${scope.userKey}|${JSON.stringify(profile)}`;
      let session = opened.get(key);
      if (!session) {
        session = openProfileSession(profile, {
          adapter: loaded,
          getAccessToken: () => stsAccessToken(profile),
          storage: deps.sessionStorage,
          userKey: scope.userKey,
          ...(deps.now ? { now: deps.now } : {}),
        });
        opened.set(key, session);
      }
      return session;
    });
    return { sessions, warnings, defaultProfileName: pickDefaultProfileName(all) };
  }

  return {
    userData,
    profiles,
    prefetchAdapter: () => void loadAdapter().catch(() => undefined),
    bookmarks: (session, user) => [
      ...session.profile.bookmarks,
      ...userBookmarksFor(user, session.profile.profileName),
    ],
    explorer: (session) => createExplorer({ s3: session.client, log }),
    async credentials(session, options = {}) {
      if (options.renew) session.sts?.invalidate();
      return session.client.currentCredentials();
    },
    async launchPart(scope, selectedProfileName) {
      const view = await profiles(scope);
      const contextProfiles = await s3ProfilesForContext(view.sessions, {
        canInjectPersonalInfos: scope.canInjectPersonalInfos,
      });
      if (contextProfiles.length === 0) return { s3: undefined, warnings: view.warnings };
      // Throws a clear error naming the known profiles when `s3=` names none of them.
      selectS3Profile(contextProfiles, selectedProfileName);
      return {
        s3: {
          profiles: contextProfiles,
          ...(selectedProfileName ? { selectedProfileName } : {}),
        },
        warnings: view.warnings,
      };
    },
  };
}
