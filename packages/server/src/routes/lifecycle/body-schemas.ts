// Request shapes. Names are only typed here: the lifecycle code validates them with messages
// that say what is wrong (rather than a bare pattern mismatch).

const serviceID = {
  type: "string",
  minLength: 1,
  maxLength: 253,
  description: "The release name",
} as const;
const values = {
  type: "object",
  additionalProperties: true,
  description: "Helm values, validated against the chart's resolved schema",
} as const;

export const launchBody = {
  type: "object",
  required: ["packageName"],
  properties: {
    catalogId: { type: "string", maxLength: 63, default: "internal" },
    packageName: { type: "string", minLength: 1, maxLength: 253 },
    packageVersion: { type: "string", maxLength: 128 },
    name: {
      type: "string",
      maxLength: 253,
      description: "Release name; default <chart>-<6 digits>",
    },
    friendlyName: { type: "string", maxLength: 256 },
    share: { type: "boolean" },
    options: values,
    dryRun: { type: "boolean", default: false },
  },
} as const;

export const serviceBody = {
  type: "object",
  required: ["serviceID"],
  properties: { serviceID },
} as const;
export const renameBody = {
  type: "object",
  required: ["serviceID", "friendlyName"],
  properties: { serviceID, friendlyName: { type: "string", maxLength: 256 } },
} as const;
export const shareBody = {
  type: "object",
  required: ["serviceID", "share"],
  properties: { serviceID, share: { type: "boolean" } },
} as const;
export const editBody = {
  type: "object",
  required: ["serviceID", "options"],
  properties: { serviceID, options: values, packageVersion: { type: "string", maxLength: 128 } },
} as const;
export const rollbackBody = {
  type: "object",
  required: ["serviceID", "revision"],
  properties: { serviceID, revision: { type: "integer", minimum: 1 } },
} as const;
export const onboardingBody = {
  type: ["object", "null"],
  properties: { group: { type: "string", maxLength: 256 } },
} as const;
export const deleteQuery = {
  type: "object",
  required: ["path"],
  properties: {
    path: { type: "string", maxLength: 253 },
    bulk: { type: "boolean", default: false },
  },
} as const;
