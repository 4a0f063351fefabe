// JSON Schemas of the API's requests and responses: validation, and the OpenAPI document.
// Open shapes keep `additionalProperties: true` so serialization never strips what the web reads.
import { CATALOG_ID_PATTERN } from "@onyxia-ts/core";

export const problemSchema = {
  description: "RFC 7807 problem details",
  type: "object",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    errors: { type: "array", items: { type: "string" } },
    message: {
      type: "string",
      description: 'onyxia-api\'s validation shape: "Validation failed" beside errors[]',
    },
  },
  required: ["title", "status", "detail"],
  additionalProperties: true,
} as const;

export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, { ...problemSchema }]));

export const openObject = (description: string) =>
  ({ description, type: "object", additionalProperties: true }) as const;

export const regionSchema = {
  description: "A region (services.server is never included)",
  type: "object",
  properties: { id: { type: "string" }, name: { type: "string" }, description: { type: "string" } },
  required: ["id"],
  additionalProperties: true,
} as const;

export const chartSchema = {
  description: "A chart version: the Helm index fields plus defaultValues (values.yaml text)",
  type: "object",
  properties: {
    name: { type: "string" },
    version: { type: "string" },
    defaultValues: { type: "string" },
  },
  additionalProperties: true,
} as const;

export const catalogsSchema = {
  description: "The catalogs visible to the caller",
  type: "object",
  properties: {
    catalogs: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          lastUpdateTime: { type: "integer" },
          catalog: openObject("latestPackages by chart name"),
        },
        additionalProperties: true,
      },
    },
  },
  required: ["catalogs"],
} as const;

export const projectSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    group: { type: "string" },
    namespace: { type: "string" },
    name: { type: "string" },
    vaultTopDir: { type: "string" },
  },
  required: ["id", "namespace", "name", "vaultTopDir"],
  additionalProperties: true,
} as const;

export const userInfoSchema = {
  description: "The caller and their projects in the region",
  type: "object",
  properties: {
    email: { type: "string" },
    idep: { type: "string" },
    nomComplet: { type: "string" },
    ip: { type: "string" },
    groups: { type: "array", items: { type: "string" } },
    roles: { type: "array", items: { type: "string" } },
    admin: { type: "boolean", description: "A member of an admin role (admin.roles)" },
    projects: { type: "array", items: projectSchema },
  },
  required: ["idep", "groups", "roles", "projects"],
} as const;

export const onyxiaHeaders = {
  type: "object",
  properties: {
    "onyxia-region": {
      type: "string",
      maxLength: 200,
      description: "Region id (default: the first region)",
    },
    "onyxia-project": {
      type: "string",
      maxLength: 200,
      description: "Project id (default: the personal project)",
    },
  },
} as const;

// Names reach URLs, file paths and Helm arguments: only plain characters get through.
export const catalogIdParam = { type: "string", pattern: CATALOG_ID_PATTERN.source } as const;
export const chartNameParam = {
  type: "string",
  pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$",
} as const;
export const versionParam = {
  type: "string",
  pattern: "^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$",
} as const;
