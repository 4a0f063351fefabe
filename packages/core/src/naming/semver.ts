import { invalid, valid, type NameValidation } from "./validation.ts";

// SemVer 2.0.0 (semver.org): numeric identifiers have no leading zeros, pre-release and build
// identifiers are non-empty [0-9A-Za-z-]. Stricter than Helm, which also takes "v1.2.3".
const NUMERIC = "(0|[1-9]\\d*)";
const PRE_RELEASE_ID = "(0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD_ID = "[0-9A-Za-z-]+";
const SEMVER = new RegExp(
  `^${NUMERIC}\\.${NUMERIC}\\.${NUMERIC}(-${PRE_RELEASE_ID}(\\.${PRE_RELEASE_ID})*)?(\\+${BUILD_ID}(\\.${BUILD_ID})*)?$`,
);
const MAX_VERSION_LENGTH = 128;

export function checkChartVersion(value: unknown): NameValidation {
  if (typeof value !== "string")
    return invalid(`must be a string, got ${value === null ? "null" : typeof value}`);
  if (value === "") return invalid("must not be empty");
  if (value.length > MAX_VERSION_LENGTH)
    return invalid(`is ${value.length} characters long, the maximum is ${MAX_VERSION_LENGTH}`);
  if (SEMVER.test(value)) return valid;
  if (/^[vV=]/.test(value) && SEMVER.test(value.slice(1)))
    return invalid(`must not start with "${value[0]}": write ${value.slice(1)}`);
  if (/(^|\.)0\d/.test(value.split(/[-+]/)[0] ?? ""))
    return invalid("has a leading zero in MAJOR.MINOR.PATCH");
  return invalid(
    "is not a SemVer 2 version (MAJOR.MINOR.PATCH, then optional -pre.release and +build)",
  );
}
