// Services write side, pure parts: quotas, requested resources, diffs, commands, object bodies.
export * from "./quantity.ts";
export * from "./requested-resources.ts";
export * from "./quota-check.ts";
export * from "./text-diff.ts";
export * from "./values-changes.ts";
export * from "./suspend.ts";
export * from "./commands.ts";
export * from "./namespace-objects.ts";
export * from "./onyxia-secret-object.ts";
export * from "./events.ts";
