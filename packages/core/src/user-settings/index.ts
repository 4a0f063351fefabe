export * from "./secret-encoding.ts";
export * from "./project-configs.ts";
export * from "./user-configs.ts";
export * from "./s3-bookmarks.ts";
