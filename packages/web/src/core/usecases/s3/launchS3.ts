// The S3 part of a launch: every profile with live credentials ("default" first) and the one the
// `s3=` link parameter selects. React-free; the launcher page awaits it before building its form.
import { selectS3Profile, type XOnyxiaContextInput } from "@onyxia-ts/core";
import {
  mergeProfiles,
  openProfileSession,
  regionS3Profiles,
  s3ProfilesForContext,
  type ProfileSession,
  type ProfileSessionDeps,
  type UserS3Profile,
} from "./profiles.ts";

export interface LaunchS3Input extends ProfileSessionDeps {
  /** The region's `data` (`{S3: …}`), as served by /public/configuration. */
  regionData: unknown;
  claims: Record<string, unknown>;
  userProfiles?: UserS3Profile[];
  /** Group project with DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: no region profile. */
  canInjectPersonalInfos: boolean;
  /** The launch link's `s3=` parameter. */
  selectedProfileName?: string;
}

export interface LaunchS3 {
  s3: NonNullable<XOnyxiaContextInput["s3"]> | undefined;
  warnings: string[];
}

/** Opened sessions are kept per profile so their credentials cache lives as long as the page. */
const sessions = new Map<string, ProfileSession>();

export async function loadLaunchS3(input: LaunchS3Input): Promise<LaunchS3> {
  const { profiles, warnings } = regionS3Profiles(input.regionData, input.claims);
  const all = mergeProfiles(profiles, input.userProfiles ?? []);
  if (all.length === 0) return { s3: undefined, warnings };
  const opened = all.map((profile) => {
    const key = `${input.userKey ?? ""}|${JSON.stringify(profile)}`;
    let session = sessions.get(key);
    if (!session) {
      session = openProfileSession(profile, input);
      sessions.set(key, session);
    }
    return session;
  });
  const contextProfiles = await s3ProfilesForContext(opened, {
    canInjectPersonalInfos: input.canInjectPersonalInfos,
  });
  if (contextProfiles.length === 0) return { s3: undefined, warnings };
  // Throws a clear error naming the known profiles when `s3=` names none of them.
  selectS3Profile(contextProfiles, input.selectedProfileName);
  return {
    s3: {
      profiles: contextProfiles,
      ...(input.selectedProfileName ? { selectedProfileName: input.selectedProfileName } : {}),
    },
    warnings,
  };
}
