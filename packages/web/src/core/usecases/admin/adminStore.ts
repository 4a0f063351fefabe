// The admin view's state: the listing's query and page, the projects' quotas, the capacity by node
// pool, and the actions (suspend, resume, delete with a reason). Loading is explicit (the page asks
// on mount and after each change); a failed action leaves the listing as it was, with the error.
import type {
  AdminAction,
  AdminCapacityResponse,
  AdminQuotasResponse,
  AdminServicesQuery,
  AdminServicesResponse,
} from "@onyxia-ts/core";
import type { AdminApi, AdminTarget } from "../../ports/adminApi.ts";
import { createState, type Store } from "../../store.ts";

export interface AdminState {
  query: AdminServicesQuery;
  listing: AdminServicesResponse | undefined;
  quotas: AdminQuotasResponse | undefined;
  capacity: AdminCapacityResponse | undefined;
  loading: boolean;
  error: unknown;
  /** The action running now, if any. */
  acting: { action: AdminAction; target: AdminTarget } | undefined;
  actionError: unknown;
}

export type AdminFilters = Pick<AdminServicesQuery, "project" | "owner" | "chart" | "state" | "q">;

export interface AdminUseCase extends Store<AdminState> {
  /** Reloads the listing, the quotas and the capacity. */
  load(): Promise<void>;
  /** Changes filters (back to page 1) and reloads the listing. */
  setFilters(filters: AdminFilters): Promise<void>;
  /** Sorts by `sort`; the same key again flips the order. */
  sortBy(sort: AdminServicesQuery["sort"]): Promise<void>;
  setPage(page: number, pageSize?: number): Promise<void>;
  /** Runs the action; resolves true when done (then reloads), false on failure (`actionError`). */
  act(action: AdminAction, target: AdminTarget, reason: string): Promise<boolean>;
  /** The current filters and sort as CSV (every page). */
  csv(): Promise<string>;
}

export const DEFAULT_ADMIN_QUERY: AdminServicesQuery = {
  sort: "age",
  order: "desc",
  page: 1,
  pageSize: 50,
};

export function createAdminUseCase(deps: { api: AdminApi }): AdminUseCase {
  const state = createState<AdminState>({
    query: DEFAULT_ADMIN_QUERY,
    listing: undefined,
    quotas: undefined,
    capacity: undefined,
    loading: false,
    error: undefined,
    acting: undefined,
    actionError: undefined,
  });
  let generation = 0;

  async function loadListing(): Promise<void> {
    const mine = ++generation;
    state.set((s) => ({ ...s, loading: true }));
    try {
      const listing = await deps.api.services(state.get().query);
      // An answer to an older query is dropped (the user changed filters meanwhile).
      if (mine === generation)
        state.set((s) => ({ ...s, listing, loading: false, error: undefined }));
    } catch (error) {
      if (mine === generation) state.set((s) => ({ ...s, loading: false, error }));
    }
  }

  async function loadAll(): Promise<void> {
    const side = Promise.all([deps.api.quotas(), deps.api.capacity()]).then(
      ([quotas, capacity]) => state.set((s) => ({ ...s, quotas, capacity })),
      (error: unknown) => state.set((s) => ({ ...s, error })),
    );
    await Promise.all([loadListing(), side]);
  }

  const withQuery = (change: Partial<AdminServicesQuery>) => {
    state.set((s) => ({ ...s, query: { ...s.query, ...change } }));
    return loadListing();
  };

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    load: loadAll,
    setFilters(filters) {
      const { sort, order, pageSize } = state.get().query;
      state.set((s) => ({ ...s, query: { sort, order, pageSize, page: 1 } }));
      const set = Object.fromEntries(
        Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""),
      );
      return withQuery(set);
    },
    sortBy(sort) {
      const current = state.get().query;
      const order =
        current.sort === sort
          ? current.order === "asc"
            ? "desc"
            : "asc"
          : sort === "age"
            ? "desc"
            : "asc";
      return withQuery({ sort, order, page: 1 });
    },
    setPage(page, pageSize) {
      return withQuery({ page, ...(pageSize ? { pageSize } : {}) });
    },
    async act(action, target, reason) {
      state.set((s) => ({ ...s, acting: { action, target }, actionError: undefined }));
      try {
        await deps.api.act(action, target, reason);
        state.set((s) => ({ ...s, acting: undefined }));
        await loadAll();
        return true;
      } catch (actionError) {
        state.set((s) => ({ ...s, acting: undefined, actionError }));
        return false;
      }
    },
    csv: () => deps.api.servicesCsv(state.get().query),
  };
}
