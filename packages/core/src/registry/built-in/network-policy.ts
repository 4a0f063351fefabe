import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const networkPolicy: JSONSchema = {
  $schema: DRAFT_07,
  type: "object",
  title: "Network policy",
  description: "Who may reach the service over the network",
  properties: {
    enabled: {
      type: "boolean",
      title: "Restrict access",
      description: "Only pods of the same namespace may connect",
      default: false,
      "x-onyxia": { hidden: true },
    },
    from: {
      type: "array",
      description: "Extra sources allowed to connect",
      default: [],
      "x-onyxia": { hidden: true },
    },
  },
};
