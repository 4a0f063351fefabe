import type { Session } from "../shell/SessionProvider.tsx";

/** What this browser keeps per project (saved configs, events seen) is keyed by this id. */
export function projectStorageId(session: Pick<Session, "project" | "userInfo">): string {
  return session.project?.id ?? `user-${session.userInfo?.idep ?? "default"}`;
}
