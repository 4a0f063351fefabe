// The HTTP routes: parse and validate, call a feature, shape the response.
export { registerApiRoutes } from "./register.ts";
export { registerOpenApi } from "./openapi.ts";
export type { ApiContext, BuildInfo } from "./context.ts";
