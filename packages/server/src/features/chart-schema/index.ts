// The chart a request names, and its values schema resolved for the caller.
export {
  allowedChartVersion,
  assertValuesAllowed,
  assertValuesMatchSchema,
  findAllowedChart,
  findCatalogChart,
  findChartAnywhere,
  resolvedChartSchema,
  type CatalogChart,
} from "./chart-schema.ts";
