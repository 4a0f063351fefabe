export * from "./secret-encoding.ts";
export * from "./project-configs.ts";
export * from "./user-configs.ts";
