export * from "./errors.ts";
export * from "./secret-keys.ts";
export * from "./paths.ts";
export * from "./commands.ts";
