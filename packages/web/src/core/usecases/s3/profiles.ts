// S3 profiles for the session: the region's (one per templated STS role) and the user's own
// (custom endpoint, static keys or anonymous), each with a client on the port.
import {
  deriveRegionProfiles,
  pickDefaultProfileName,
  readS3RegionConfig,
  type ResolvedBookmark,
  type S3ProfileForContext,
  type S3RegionProfile,
} from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { S3Adapter, S3ClientPort, S3Credentials } from "../../ports/s3.ts";
import { createStsCredentialsProvider, type StsCredentialsProvider } from "./stsCredentials.ts";

export interface UserS3Profile {
  profileName: string;
  origin: "user";
  url: string;
  region: string;
  pathStyleAccess: boolean;
  /** Undefined: anonymous access. */
  credentials?: S3Credentials;
  bookmarks: ResolvedBookmark[];
}

export type S3Profile = S3RegionProfile | UserS3Profile;

/** The region's profiles for this user, and the warnings to show (v10 format, duplicates). */
export function regionS3Profiles(
  regionData: unknown,
  decodedIdToken: Record<string, unknown>,
): { profiles: S3RegionProfile[]; warnings: string[] } {
  const { model } = readS3RegionConfig(regionData);
  const { profiles, duplicates } = deriveRegionProfiles(model, decodedIdToken);
  return {
    profiles,
    warnings: [
      ...model.warnings,
      ...duplicates.map((name) => `S3 profile "${name}" is defined twice; the first one is used`),
    ],
  };
}

/** All profiles, region ones first; a user profile may not shadow a region one. */
export function mergeProfiles(region: S3RegionProfile[], user: UserS3Profile[]): S3Profile[] {
  const names = new Set(region.map((p) => p.profileName));
  return [...region, ...user.filter((p) => !names.has(p.profileName))];
}

export interface ProfileSession {
  profile: S3Profile;
  client: S3ClientPort;
  /** For region profiles: the STS cache (renew = invalidate then get). */
  sts?: StsCredentialsProvider;
}

export interface ProfileSessionDeps {
  /** A fresh OIDC access token. */
  getAccessToken: () => Promise<string>;
  /** The S3/STS adapter (the AWS SDK in the app, fakes in tests). */
  adapter: S3Adapter;
  storage?: KeyValueStorage;
  /** Distinguishes users sharing a browser in the storage key. */
  userKey?: string;
  now?: () => number;
}

export function openProfileSession(profile: S3Profile, deps: ProfileSessionDeps): ProfileSession {
  if (profile.origin === "user") {
    return {
      profile,
      client: deps.adapter.createClient({
        url: profile.url,
        region: profile.region,
        pathStyleAccess: profile.pathStyleAccess,
        credentials: profile.credentials
          ? { kind: "static", credentials: profile.credentials }
          : { kind: "anonymous" },
      }),
    };
  }
  const sts = createStsCredentialsProvider({
    stsUrl: profile.sts.url,
    region: profile.region,
    durationSeconds: profile.sts.durationSeconds,
    ...(profile.sts.roleARN ? { roleArn: profile.sts.roleARN } : {}),
    roleSessionName: profile.sts.roleSessionName,
    getAccessToken: deps.getAccessToken,
    assumeRole: deps.adapter.assumeRole,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.storage
      ? {
          storage: deps.storage,
          storageKey: `datalab.s3.sts.${deps.userKey ?? "user"}.${profile.profileName}`,
        }
      : {}),
  });
  return {
    profile,
    sts,
    client: deps.adapter.createClient({
      url: profile.url,
      region: profile.region,
      pathStyleAccess: profile.pathStyleAccess,
      credentials: { kind: "sts", get: () => sts.get(), invalidate: () => sts.invalidate() },
    }),
  };
}

/**
 * The launcher's `s3` / `s3_array` input: every profile with live credentials, "default" first.
 * Region profiles are personal infos: left out of group projects when their injection is disabled.
 */
export async function s3ProfilesForContext(
  sessions: readonly ProfileSession[],
  options: { canInjectPersonalInfos: boolean },
): Promise<S3ProfileForContext[]> {
  const usable = sessions.filter(
    (s) => options.canInjectPersonalInfos || s.profile.origin === "user",
  );
  const defaultName = pickDefaultProfileName(usable.map((s) => s.profile));
  const out: S3ProfileForContext[] = [];
  for (const session of usable) {
    const credentials = await session.client.currentCredentials();
    out.push({
      profileName: session.profile.profileName,
      isDefault: session.profile.profileName === defaultName,
      url: session.profile.url,
      region: session.profile.region,
      pathStyleAccess: session.profile.pathStyleAccess,
      ...(credentials
        ? {
            credentials: {
              accessKeyId: credentials.accessKeyId,
              secretAccessKey: credentials.secretAccessKey,
              ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
            },
          }
        : {}),
    });
  }
  return out;
}
