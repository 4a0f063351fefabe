import type { Project, UserInfo } from "../../ports/apiTypes.ts";

/** What this browser keeps per project (saved configs, events seen) is keyed by this id. */
export function projectStorageId(session: {
  project: Project | undefined;
  userInfo: UserInfo | undefined;
}): string {
  return session.project?.id ?? `user-${session.userInfo?.idep ?? "default"}`;
}
