// PUT /my-lab/app (launch) and the other service changes (/my-lab/app/*, /onboarding): the
// request bodies, their JSON Schemas (the server validates with them) and the answers.
// Names are only typed by the schemas: the server checks them with messages that say what is wrong.

export interface LaunchRequest {
  /** Default "internal" (Onyxia's). */
  catalogId?: string;
  packageName: string;
  /** Default: the newest version. */
  packageVersion?: string;
  /** The release name; default <chart>-<6 digits>. */
  name?: string;
  friendlyName?: string;
  share?: boolean;
  /** Helm values, validated against the chart's schema resolved for the caller. */
  options?: unknown;
  /** Render only (helm template): nothing is installed. */
  dryRun?: boolean;
}

/** The body of PUT /my-lab/app is Onyxia's `[manifest]`; these headers carry the rest. */
export type LaunchResponse = [manifest: string];
export const LAUNCH_RELEASE_HEADER = "x-onyxia-release";
export const LAUNCH_COMMANDS_HEADER = "x-onyxia-commands";

export interface EditRequest {
  serviceID: string;
  options: unknown;
  /** Default: the version the service runs. */
  packageVersion?: string;
}

export interface ServiceRequest {
  serviceID: string;
}
export interface RenameRequest extends ServiceRequest {
  friendlyName: string;
}
export interface ShareRequest extends ServiceRequest {
  share: boolean;
}
export interface RollbackRequest extends ServiceRequest {
  revision: number;
}
export interface OnboardingRequest {
  group?: string;
}

export interface DeleteResponse {
  path: string;
  success: boolean;
  commands: string[];
}
export interface BulkDeleteResponse extends DeleteResponse {
  deleted: string[];
  errors?: string[];
}
export interface ServiceChangeResponse {
  release: string;
  commands: string[];
}
export interface SuspendResponse extends ServiceChangeResponse {
  changed: boolean;
  revision?: number;
}
export interface EditDiff {
  serviceID: string;
  chart: { from: string; to: string };
  values: { path: string; kind: string; before?: unknown; after?: unknown }[];
  manifest: { text: string; added: number; removed: number };
  quota: { fits: boolean; errors: string[] };
  commands: string[];
}
export interface UpgradeResponse {
  serviceID: string;
  revision: number;
  commands: string[];
}
export interface Revision {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  appVersion?: string;
  description?: string;
}
export interface RevisionsResponse {
  serviceID: string;
  revisions: Revision[];
  commands: string[];
}
export interface RollbackResponse {
  serviceID: string;
  revision: number | undefined;
  commands: string[];
}
export interface OnboardingResponse {
  namespace: string;
  created: boolean;
  commands: string[];
}

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

export const launchRequestSchema = {
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

export const serviceRequestSchema = {
  type: "object",
  required: ["serviceID"],
  properties: { serviceID },
} as const;
export const renameRequestSchema = {
  type: "object",
  required: ["serviceID", "friendlyName"],
  properties: { serviceID, friendlyName: { type: "string", maxLength: 256 } },
} as const;
export const shareRequestSchema = {
  type: "object",
  required: ["serviceID", "share"],
  properties: { serviceID, share: { type: "boolean" } },
} as const;
export const editRequestSchema = {
  type: "object",
  required: ["serviceID", "options"],
  properties: { serviceID, options: values, packageVersion: { type: "string", maxLength: 128 } },
} as const;
export const rollbackRequestSchema = {
  type: "object",
  required: ["serviceID", "revision"],
  properties: { serviceID, revision: { type: "integer", minimum: 1 } },
} as const;
export const onboardingRequestSchema = {
  type: ["object", "null"],
  properties: { group: { type: "string", maxLength: 256 } },
} as const;
export const deleteQuerySchema = {
  type: "object",
  required: ["path"],
  properties: {
    path: { type: "string", maxLength: 253 },
    bulk: { type: "boolean", default: false },
  },
} as const;
