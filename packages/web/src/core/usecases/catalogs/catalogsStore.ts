// Catalogs change rarely: one request per page load, shared by the catalog, search and launcher pages.
import type { CatalogsResponse } from "@onyxia-ts/core";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";

export interface CatalogsUseCase {
  /** The catalogs as this user sees them (the list depends on login and project). */
  get(loggedIn: boolean, project: string | undefined): Promise<CatalogsResponse>;
}

export function createCatalogsUseCase(deps: { api: Pick<OnyxiaApi, "catalogs"> }): CatalogsUseCase {
  let cached: { key: string; promise: Promise<CatalogsResponse> } | undefined;
  return {
    get(loggedIn, project) {
      const key = `${loggedIn}:${project ?? ""}`;
      if (cached?.key !== key) {
        const promise = deps.api.catalogs(loggedIn);
        promise.catch(() => {
          if (cached?.promise === promise) cached = undefined; // let a retry hit the server again
        });
        cached = { key, promise };
      }
      return cached.promise;
    },
  };
}
