// Public surface of the pure domain core (no I/O): shared by the server and the browser.
export * from "./schema/index.ts";
export * from "./registry/index.ts";
export * from "./context/index.ts";
export * from "./defaults/index.ts";
export * from "./form/index.ts";
export * from "./launcher-link/index.ts";
export * from "./naming/index.ts";
export * from "./catalog/index.ts";
export * from "./config/index.ts";
export * from "./releases/index.ts";
export * from "./lifecycle/index.ts";
export * from "./encoding/index.ts";
export * from "./s3/index.ts";
export * from "./catalog-lint/index.ts";
export * from "./api/index.ts";
export * from "./vault/index.ts";
export * from "./user-settings/index.ts";
