// The requests/limits range sliders shared by `ide/resources.json` and `ide/resources-gpu.json`.
import type { JSONSchema } from "../../schema/types.ts";

type End = "down" | "up";

function cpu(end: End, defaultValue: string, description: string): JSONSchema {
  return {
    description,
    title: "CPU",
    type: "string",
    default: defaultValue,
    render: "slider",
    sliderMin: 50,
    sliderMax: 40000,
    sliderStep: 50,
    sliderUnit: "m",
    sliderExtremity: end,
    sliderExtremitySemantic: end === "down" ? "guaranteed" : "Maximum",
    sliderRangeId: "cpu",
  };
}

function memory(end: End, defaultValue: string, description: string): JSONSchema {
  return {
    description,
    title: "Memory",
    type: "string",
    default: defaultValue,
    render: "slider",
    sliderMin: 1,
    sliderMax: 200,
    sliderStep: 1,
    sliderUnit: "Gi",
    sliderExtremity: end,
    sliderExtremitySemantic: end === "down" ? "guaranteed" : "Maximum",
    sliderRangeId: "memory",
  };
}

export const RESOURCES_DESCRIPTION =
  "Requests are reserved for the service; limits cap what it may use. Without a limit it may use whatever the node has left.";

export const resourceRequests: JSONSchema = {
  description: "Reserved for the service",
  type: "object",
  properties: {
    cpu: cpu("down", "100m", "CPU reserved, in millicores"),
    memory: memory("down", "2Gi", "Memory reserved"),
  },
};

export function resourceLimits(extra: Record<string, JSONSchema> = {}): JSONSchema {
  return {
    description: "Upper bounds",
    type: "object",
    properties: {
      cpu: cpu("up", "30000m", "Maximum CPU, in millicores"),
      memory: memory("up", "50Gi", "Maximum memory"),
      ...extra,
    },
  };
}
