/** A scalar a launcher link can carry; `undefined` means "remove this key from the values". */
export type HelmValuesPatchValue = string | number | boolean | null | undefined;

/** One change to the computed helm values: `path` is the key path, numbers are array indices. */
export interface HelmValuesPatchEntry {
  path: (string | number)[];
  value: HelmValuesPatchValue;
}

/** Everything a `/launcher/{catalogId}/{chartName}?…` link carries (Onyxia's launcher route). */
export interface LauncherLink {
  catalogId: string;
  chartName: string;
  /** `name` query param: the service's friendly name. */
  friendlyName?: string;
  shared?: boolean;
  /** Pinned chart version. */
  version?: string;
  /** S3 profile name. */
  s3?: string;
  autoLaunch?: boolean;
  helmValuesPatch: HelmValuesPatchEntry[];
}
