// Which catalogs a caller may use (catalog restrictions, reference §3).
export { assertCatalogAllowed, isCatalogAllowed } from "./catalog-access.ts";
