// Catalogs: configuration shape, Helm index model, filtering, version pruning, API shapes.
export * from "./config-types.ts";
