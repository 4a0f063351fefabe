// The helm CLI, driven safely: validated argument arrays, values through a file, timeouts.
export {
  createHelmClient,
  type HelmClient,
  type HelmClientOptions,
  type HelmMetadata,
  type HelmReleaseResult,
  type HelmRevision,
} from "./client.ts";
export {
  helmArgs,
  chartArgs,
  identityArgs,
  identityEnv,
  HISTORY_MAX,
  type ChartSource,
  type HelmIdentity,
  type ReleaseTarget,
} from "./args.ts";
export { runHelm, VALUES_PLACEHOLDER, type HelmRunOptions, type HelmResult } from "./runner.ts";
export { HelmArgumentError, HelmError, helmMessageOf, redactText } from "./errors.ts";
