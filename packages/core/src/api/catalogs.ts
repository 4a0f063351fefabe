// GET /public/catalogs, /my-lab/catalogs, /my-lab/catalogs/:id/charts/:name.
import type { CatalogWrapperJson, ChartJson } from "../catalog/api-shapes.ts";

export interface CatalogsResponse {
  catalogs: CatalogWrapperJson[];
}

/** Every kept version of a chart, newest first. */
export type ChartVersionsResponse = ChartJson[];
