// What the browser knows about the user, project and region, shaped for core's createXOnyxiaContext.
import {
  createXOnyxiaContext,
  generateOneTimePassword,
  type GitForContext,
  type XOnyxiaContext,
  type RegionForContext,
  type UserLang,
  type ProfileForLaunch,
  type XOnyxiaContextInput,
} from "@onyxia-ts/core";
import type { ApiProject, PublicRegion, UserInfo } from "@onyxia-ts/core";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";

export interface ContextSources {
  userInfo: UserInfo | undefined;
  project: ApiProject | undefined;
  region: PublicRegion | undefined;
  lang: UserLang;
  darkMode: boolean;
  random: () => number;
  /** The per-project service password: from Vault's `.onyxia/servicePassword`, else for the session. */
  projectPassword: string;
  /** S3 profiles with live credentials (usecases/s3 launchPart); undefined: no S3. */
  s3?: XOnyxiaContextInput["s3"];
  /** The user's Vault token (undefined: not injected, or Vault unavailable). */
  vaultToken?: string | undefined;
  /** From the user configs (gitName, gitEmail…); undefined: not injected. */
  git?: GitForContext | undefined;
}

export function buildContextInput(sources: ContextSources): XOnyxiaContextInput {
  const idep = sources.userInfo?.idep ?? "anonymous";
  // Onyxia splits `nomComplet` on the first space into first name and family name.
  const [firstName, ...rest] = (sources.userInfo?.nomComplet ?? "").trim().split(" ");
  return {
    user: {
      idep,
      ...(firstName ? { firstName } : {}),
      ...(rest.length > 0 ? { familyName: rest.join(" ") } : {}),
      email: sources.userInfo?.email ?? "",
      decodedIdToken: {},
      accessToken: "",
      darkMode: sources.darkMode,
      lang: sources.lang,
    },
    project: {
      id: sources.project?.id ?? `user-${idep}`,
      password: sources.projectPassword,
      vaultTopDir: sources.project?.vaultTopDir ?? idep,
    },
    region: (sources.region ?? {}) as RegionForContext,
    ...(sources.s3 ? { s3: sources.s3 } : {}),
    ...(sources.vaultToken !== undefined ? { vaultToken: sources.vaultToken } : {}),
    ...(sources.git ? { git: sources.git } : {}),
    random: sources.random,
  };
}

const passwordKey = "datalab.projectPassword.";

/** One service password per project for the browser session, so relaunches see the same value. */
export function sessionProjectPassword(
  storage: KeyValueStorage,
  projectId: string,
  random: () => number,
): string {
  const stored = storage.getItem(passwordKey + projectId);
  if (stored) return stored;
  const created = generateOneTimePassword(random);
  storage.setItem(passwordKey + projectId, created);
  return created;
}

/** The x-onyxia context of one launcher or edit visit: its random subdomain and password stay stable. */
export function launchContext(
  storage: KeyValueStorage,
  sources: Omit<ContextSources, "random" | "projectPassword"> & { projectPassword?: string },
  random: () => number = Math.random,
): XOnyxiaContext {
  const projectId = sources.project?.id ?? `user-${sources.userInfo?.idep ?? "anonymous"}`;
  return createXOnyxiaContext(
    buildContextInput({
      ...sources,
      random,
      // The project's password from Vault (user-settings), else one for the browser session.
      projectPassword:
        sources.projectPassword ?? sessionProjectPassword(storage, projectId, random),
    }),
  );
}

/**
 * The context with the declarative profile as `user.profile` (undefined: no profile form), and
 * what the launcher offers as autocomplete options: the fields kept out of launches.
 */
export function withProfile(
  context: XOnyxiaContext,
  profile: ProfileForLaunch | undefined,
): { context: XOnyxiaContext; autocompleteContext: unknown } {
  if (profile === undefined) return { context, autocompleteContext: {} };
  return {
    context: { ...context, user: { ...context.user, profile: profile.injected } },
    autocompleteContext: { user: { profile: profile.kept } },
  };
}
