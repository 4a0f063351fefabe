// Releases (read side): Helm release storage, Onyxia ownership, the `Service` model, its state, who sees and who may manage it.
export * from "./kube-types.ts";
export * from "./helm-release.ts";
export * from "./release-secrets.ts";
export * from "./onyxia-secret.ts";
export { flattenValues, valueAt } from "./flatten-values.ts";
export { helmTimeText, epochMs } from "./helm-time.ts";
export * from "./manifest.ts";
export * from "./manifest-scan.ts";
export * from "./tasks.ts";
export * from "./health.ts";
export * from "./problems.ts";
export * from "./state.ts";
export * from "./release-digest.ts";
export * from "./service.ts";
export * from "./visibility.ts";
export * from "./commands.ts";
export * from "./quota.ts";
