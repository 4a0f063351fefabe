import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07, hiddenUnlessEnabled } from "./draft-07.ts";

export const idePersistence: JSONSchema = {
  $schema: DRAFT_07,
  title: "Persistent storage",
  type: "object",
  properties: {
    enabled: { type: "boolean", description: "Keep data on a persistent volume", default: true },
    size: {
      type: "string",
      title: "Volume size",
      description: "Capacity of the persistent volume",
      default: "10Gi",
      form: true,
      render: "slider",
      sliderMin: 1,
      sliderMax: 100,
      sliderStep: 1,
      sliderUnit: "Gi",
      hidden: hiddenUnlessEnabled,
    },
  },
};
