// The HTTP API's contract: request and response types (and request JSON Schemas) shared by the
// server's routes and features and the web client.
export * from "./launch.ts";
export * from "./services.ts";
export * from "./catalogs.ts";
export * from "./regions.ts";
export * from "./web-env.ts";
export * from "./admin.ts";
