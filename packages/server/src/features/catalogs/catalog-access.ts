// Catalog restrictions (reference §3), enforced on every path that reaches a catalog: the
// listings, chart versions, schemas, and install/suspend/resume. Onyxia forgets the chart and
// schema routes; here a catalog the caller may not see does not exist for them (404, like an
// unknown id, so its existence does not leak).
import { passesRestrictions } from "@onyxia-ts/core";
import type { CatalogRuntime, CatalogSnapshot } from "../../catalogs/index.ts";
import { NotFoundError, UnavailableError } from "../../domain/errors.ts";
import type { User } from "../../user/index.ts";

const quote = JSON.stringify;

/** Whether `user` (null: anonymous) may use the catalog's configuration. */
export function isCatalogAllowed(snapshot: CatalogSnapshot, user: User | null): boolean {
  return passesRestrictions(snapshot.config.restrictions, user === null ? null : user.attributes);
}

/**
 * The catalog if `user` may use it: 404 when unknown or restricted away from them, 503 while it
 * has not loaded. Call it before acting on a catalog (the write side: install, suspend, resume).
 */
export function assertCatalogAllowed(
  catalogs: Pick<CatalogRuntime, "get">,
  user: User | null,
  catalogId: string,
): CatalogSnapshot {
  const snapshot = catalogs.get(catalogId);
  if (!snapshot || !isCatalogAllowed(snapshot, user))
    throw new NotFoundError(`Unknown catalog ${quote(catalogId)}`);
  if (snapshot.content === undefined) {
    const why = snapshot.error
      ? `failed to load: ${snapshot.error}`
      : "is still loading, retry in a moment";
    throw new UnavailableError(`Catalog ${quote(catalogId)} ${why}`);
  }
  return snapshot;
}
