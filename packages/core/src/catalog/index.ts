// Catalogs: configuration shape, Helm index model, filtering, version pruning, API shapes.
export * from "./config-types.ts";
export * from "./errors.ts";
export * from "./helm-index.ts";
export * from "./versions.ts";
export * from "./filters.ts";
export * from "./select-versions.ts";
export * from "./content.ts";
export * from "./api-shapes.ts";
export * from "./restrictions.ts";
