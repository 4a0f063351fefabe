import type { ApiProject, UserInfo } from "@onyxia-ts/core";

/** What this browser keeps per project (saved configs, events seen) is keyed by this id. */
export function projectStorageId(session: {
  project: ApiProject | undefined;
  userInfo: UserInfo | undefined;
}): string {
  return session.project?.id ?? `user-${session.userInfo?.idep ?? "default"}`;
}
