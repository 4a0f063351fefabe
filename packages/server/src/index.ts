// The server package's public surface (for benchmarks, the stack and tests).
export { buildApp, type BuildAppOptions } from "./app.ts";
export { loadConfig, exampleCatalog, detectOwnNamespace } from "./config/index.ts";
export type { ApiContext, BuildInfo } from "./routes/index.ts";
export { createNoAuthResolver, type User, type Project, type UserResolver } from "./user/index.ts";
