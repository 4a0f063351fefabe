export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** Hides a field while its sibling `enabled` flag is false. */
export const hiddenUnlessEnabled = { value: false, path: "enabled", isPathRelative: true } as const;
