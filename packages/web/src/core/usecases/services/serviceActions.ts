// The actions of a service card or page, with their pending state and the last error.
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import { createState, type Store } from "../../store.ts";

export type ServiceAction = "suspend" | "resume" | "delete" | "rename" | "share" | "postpone";

export interface ServiceActionsState {
  pending: Record<string, ServiceAction | undefined>;
  error: unknown;
}

export interface ServiceActions extends Store<ServiceActionsState> {
  suspend(release: string): Promise<void>;
  resume(release: string): Promise<void>;
  remove(release: string): Promise<void>;
  rename(release: string, name: string): Promise<void>;
  share(release: string, share: boolean): Promise<void>;
  /** "Not now" for an idle service. */
  postpone(release: string): Promise<void>;
  clearError(): void;
}

export function createServiceActions(
  api: Pick<OnyxiaApi, "suspend" | "resume" | "uninstall" | "rename" | "share" | "postponeIdle">,
  /** Called after every action, failed or not (the page refetches). */
  onDone: () => void,
): ServiceActions {
  const state = createState<ServiceActionsState>({ pending: {}, error: undefined });
  const run = async (release: string, action: ServiceAction, work: () => Promise<unknown>) => {
    state.set((s) => ({ pending: { ...s.pending, [release]: action }, error: undefined }));
    try {
      await work();
    } catch (error) {
      state.set((s) => ({ ...s, error }));
    } finally {
      state.set((s) => ({ ...s, pending: { ...s.pending, [release]: undefined } }));
      onDone();
    }
  };
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    suspend: (release) => run(release, "suspend", () => api.suspend(release)),
    resume: (release) => run(release, "resume", () => api.resume(release)),
    remove: (release) => run(release, "delete", () => api.uninstall(release)),
    rename: (release, name) => run(release, "rename", () => api.rename(release, name)),
    share: (release, share) => run(release, "share", () => api.share(release, share)),
    postpone: (release) => run(release, "postpone", () => api.postponeIdle(release)),
    clearError: () => state.set((s) => ({ ...s, error: undefined })),
  };
}
