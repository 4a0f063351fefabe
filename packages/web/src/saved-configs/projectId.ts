import type { Session } from "../shell/SessionProvider.tsx";

/** Saved configs belong to a project (Onyxia keeps them in the project's Vault directory). */
export function savedConfigsProjectId(session: Pick<Session, "project" | "userInfo">): string {
  return session.project?.id ?? `user-${session.userInfo?.idep ?? "default"}`;
}
