import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideExtraEnv: JSONSchema = {
  $schema: DRAFT_07,
  title: "Extra environment variables",
  description: "Variables set in the service's containers",
  type: "array",
  default: [],
  items: {
    title: "",
    type: "object",
    properties: {
      name: {
        description: "Variable name (no spaces)",
        type: "string",
        default: "CHANGE_ME",
        pattern: "^[^ ]+$",
      },
      value: { description: "Variable value", type: "string", default: "" },
    },
  },
};
