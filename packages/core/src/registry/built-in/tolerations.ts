import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const tolerations: JSONSchema = {
  $schema: DRAFT_07,
  title: "Tolerations",
  type: "array",
  default: [],
  "x-onyxia": { hidden: true },
  items: {
    type: "object",
    properties: {
      key: { type: "string", description: "Taint key tolerated" },
      operator: {
        type: "string",
        enum: ["Exists", "Equal"],
        description: "How the taint value is compared",
      },
      value: { type: "string", description: "Taint value tolerated (with Equal)" },
      effect: {
        type: "string",
        enum: ["NoSchedule", "PreferNoSchedule", "NoExecute"],
        description: "Taint effect tolerated",
      },
      tolerationSeconds: {
        type: "integer",
        description: "With NoExecute: how long the pod stays once tainted",
      },
    },
    required: ["key", "operator", "effect"],
    additionalProperties: false,
  },
};
