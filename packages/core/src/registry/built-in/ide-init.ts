import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideInit: JSONSchema = {
  $schema: DRAFT_07,
  title: "Initialization",
  description: "Scripts run when the service starts",
  type: "object",
  properties: {
    regionInit: {
      type: "string",
      description: "Script set by the platform for every service",
      default: "",
      "x-onyxia": { hidden: true, overwriteDefaultWith: "{{k8s.initScriptUrl}}" },
    },
    personalInit: { type: "string", description: "URL of your own startup script", default: "" },
    personalInitArgs: {
      type: "string",
      description: "Arguments passed to your startup script",
      default: "",
    },
  },
};
