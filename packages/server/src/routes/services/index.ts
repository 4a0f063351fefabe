// The services read routes (reference §1.2): listing, one service, logs, events, quota.
export { registerServicesRoutes } from "./register.ts";
