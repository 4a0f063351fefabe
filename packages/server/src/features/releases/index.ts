// The release model shared by the release features: records, ownership, the chart a release runs.
export {
  createOnyxiaSecret,
  recordBeforeInstall,
  confirmRecord,
  recordAgeMs,
  LAUNCH_STAMP_ANNOTATION,
  RECORD_RECHECK_AFTER_MS,
  RECORD_STALE_AFTER_MS,
  type HeldRecord,
  attachRecordToRevision,
  removeRecord,
  followLatestRevision,
  listReleases,
  onyxiaMetaByRelease,
  ownershipOf,
  readRelease,
  releaseToManage,
  updateOnyxiaSecret,
  validFriendlyName,
  validReleaseName,
  viewerOf,
  type ReleaseRecord,
} from "./release-record.ts";
export { releaseChart } from "./release-chart.ts";
export { currentRelease, metadataOf } from "./current-release.ts";
export { allChecks, exposeDomainCheck } from "./expose-check.ts";
export { upgradeQuota } from "./upgrade-quota.ts";
export { chartSource, commandSource } from "./chart-source.ts";
export type { ReleaseDeps } from "./deps.ts";
