import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideStartupProbe: JSONSchema = {
  $schema: DRAFT_07,
  title: "Startup probe",
  type: "object",
  description: "How long Kubernetes waits for the service to start before restarting it",
  default: {
    failureThreshold: 60,
    initialDelaySeconds: 10,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 2,
  },
  "x-onyxia": { hidden: true },
};
