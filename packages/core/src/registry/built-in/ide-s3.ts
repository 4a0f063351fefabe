import type { JSONSchema } from "../../schema/types.ts";
import { hiddenUnlessEnabled } from "./draft-07.ts";

function credential(description: string, reference: string, secret = false): JSONSchema {
  return {
    description,
    type: "string",
    ...(secret ? { render: "password" as const } : {}),
    "x-onyxia": { overwriteDefaultWith: reference },
    hidden: hiddenUnlessEnabled,
  };
}

// Onyxia's own file declares no `$schema` here either.
export const ideS3: JSONSchema = {
  title: "S3",
  description: "Temporary S3 credentials given to the service",
  type: "object",
  properties: {
    enabled: {
      type: "boolean",
      description: "Inject S3 credentials into the service",
      default: true,
    },
    accessKeyId: credential("Access key id", "{{s3.AWS_ACCESS_KEY_ID}}"),
    endpoint: credential("S3 endpoint host", "{{s3.AWS_S3_ENDPOINT}}"),
    defaultRegion: credential("Default region", "{{s3.AWS_DEFAULT_REGION}}"),
    secretAccessKey: credential("Secret access key", "{{s3.AWS_SECRET_ACCESS_KEY}}", true),
    sessionToken: credential("Session token", "{{s3.AWS_SESSION_TOKEN}}", true),
    pathStyleAccess: {
      title: "Path-style access",
      type: "boolean",
      default: false,
      "x-onyxia": { overwriteDefaultWith: "{{s3.pathStyleAccess}}" },
      hidden: { value: false, path: "s3/enabled" },
    },
    workingDirectoryPath: {
      title: "Working directory",
      type: "string",
      default: "",
      "x-onyxia": { overwriteDefaultWith: "{{s3.workingDirectoryPath}}" },
      hidden: { value: false, path: "s3/enabled" },
    },
  },
  required: ["enabled"],
};
