import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const idePassword: JSONSchema = {
  $schema: DRAFT_07,
  type: "string",
  description: "Password protecting the service",
  default: "changeme",
  render: "password",
  "x-onyxia": { overwriteDefaultWith: "{{service.oneTimePassword}}" },
};
