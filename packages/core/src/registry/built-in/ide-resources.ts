import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";
import { RESOURCES_DESCRIPTION, resourceLimits, resourceRequests } from "./resource-sliders.ts";

export const ideResources: JSONSchema = {
  $schema: DRAFT_07,
  title: "Resources",
  description: RESOURCES_DESCRIPTION,
  type: "object",
  properties: { requests: resourceRequests, limits: resourceLimits() },
};
