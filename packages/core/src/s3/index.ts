// S3: the region's data.S3 model, profiles, names, bucket policies, commands and snippets (pure).
export * from "./region-config.ts";
export * from "./profiles.ts";
export * from "./names.ts";
export * from "./bucket-policy.ts";
export * from "./commands.ts";
export * from "./snippets.ts";
