import { api } from "./endpoints.ts";
import { normalizeCatalogs } from "./normalize.ts";
import type { CatalogsResponse } from "./types.ts";

// Catalogs change rarely: one request per page load, shared by the catalog, search and launcher pages.
let cached: { key: string; promise: Promise<CatalogsResponse> } | undefined;

export function getCatalogs(
  loggedIn: boolean,
  project: string | undefined,
): Promise<CatalogsResponse> {
  const key = `${loggedIn}:${project ?? ""}`;
  if (cached?.key !== key) {
    const promise = api.catalogs(loggedIn).then(normalizeCatalogs);
    promise.catch(() => {
      if (cached?.promise === promise) cached = undefined; // let a retry hit the server again
    });
    cached = { key, promise };
  }
  return cached.promise;
}
