import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideOpenshiftScc: JSONSchema = {
  $schema: DRAFT_07,
  title: "OpenShift security context constraints",
  description: "Settings needed to run on OpenShift",
  type: "object",
  properties: {
    enabled: {
      description: "Bind the service account to an OpenShift SCC",
      type: "boolean",
      default: false,
      "x-onyxia": { hidden: true },
    },
    scc: {
      type: "string",
      description: "SCC to bind to",
      default: "anyuid",
      "x-onyxia": { hidden: true },
    },
  },
};
