import semverCompare from "semver/functions/compare.js";
import semverParse from "semver/functions/parse.js";
import type { SemVer } from "semver";
import type { MultipleServicesMode } from "./config-types.ts";

const ZERO = semverParse("0.0.0") as SemVer;

/** Parses a chart version; like Onyxia, anything that is not semver counts as 0.0.0. */
export function parseChartVersion(version: string): SemVer {
  return semverParse(version, { loose: true }) ?? ZERO;
}

/** Newest first; pre-releases sort below their release (1.0.0 > 1.0.0-rc.1). Stable for ties. */
export function sortVersionsDescending<T extends { version: string }>(versions: readonly T[]): T[] {
  const parsed = versions.map((v, i) => ({ v, i, semver: parseChartVersion(v.version) }));
  parsed.sort((a, b) => semverCompare(b.semver, a.semver) || a.i - b.i);
  return parsed.map((p) => p.v);
}

/** Keeps the versions `multipleServicesMode` asks for, from a list sorted newest first. */
export function pruneVersions<T extends { version: string }>(
  sortedDescending: readonly T[],
  mode: MultipleServicesMode,
  maxNumberOfVersions: number,
): T[] {
  switch (mode) {
    case "all":
      return [...sortedDescending];
    case "latest":
      return sortedDescending.slice(0, 1);
    case "maxNumber":
      return sortedDescending.slice(0, Math.max(0, maxNumberOfVersions));
    case "skipPatches": {
      // The list is sorted, so the first version seen for a major.minor is its newest.
      const seen = new Set<string>();
      return sortedDescending.filter((v) => {
        const s = parseChartVersion(v.version);
        const key = `${s.major}.${s.minor}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
  }
}
