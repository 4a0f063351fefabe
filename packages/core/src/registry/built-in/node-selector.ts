// `nodeSelector.json` and `nodeSelector-gpu.json` are the same schema in Onyxia; admins override one or both.
import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

function nodeSelectorSchema(): JSONSchema {
  return {
    $schema: DRAFT_07,
    title: "Node selector",
    type: "object",
    default: {},
    description: "Labels a node must carry to run the service",
    additionalProperties: { type: "string", description: "Label value" },
    "x-onyxia": { hidden: true, overwriteDefaultWith: "region.nodeSelector" },
  };
}

export const nodeSelector = nodeSelectorSchema();
export const nodeSelectorGpu = nodeSelectorSchema();
