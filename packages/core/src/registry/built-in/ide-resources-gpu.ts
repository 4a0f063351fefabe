import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";
import { RESOURCES_DESCRIPTION, resourceLimits, resourceRequests } from "./resource-sliders.ts";

export const ideResourcesGpu: JSONSchema = {
  $schema: DRAFT_07,
  title: "Resources",
  description: RESOURCES_DESCRIPTION,
  type: "object",
  properties: {
    requests: resourceRequests,
    limits: resourceLimits({
      "nvidia.com/gpu": {
        description: "Number of GPUs (a GPU limit is also its request)",
        type: "string",
        default: "1",
        render: "slider",
        sliderMin: 1,
        sliderMax: 3,
        sliderStep: 1,
        sliderUnit: "",
      },
    }),
  },
};
