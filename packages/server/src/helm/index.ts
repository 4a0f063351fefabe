// The helm CLI, driven safely: validated argument arrays, values through a file, timeouts.
export { createHelmClient, type HelmClient, type HelmClientOptions } from "./client.ts";
export type { HelmMetadata, HelmReleaseResult, HelmRevision } from "../platform/ports.ts";
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
export {
  createHelmSlots,
  defaultHelmConcurrency,
  runHelm,
  VALUES_PLACEHOLDER,
  type HelmRunOptions,
  type HelmResult,
  type HelmSlots,
} from "./runner.ts";
export {
  HELM_MESSAGE_MAX,
  HelmArgumentError,
  HelmError,
  helmMessageOf,
  redactText,
  secretValuesOf,
} from "./errors.ts";
export {
  PostRenderGate,
  POST_RENDER_SCRIPT,
  POST_RENDER_TOKEN_VARIABLE,
  type GateRegistration,
} from "./post-render-gate.ts";
