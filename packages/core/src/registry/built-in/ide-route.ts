import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideRoute: JSONSchema = {
  $schema: DRAFT_07,
  title: "Route",
  description: "How the service is exposed through an OpenShift route",
  type: "object",
  properties: {
    enabled: {
      description: "Expose the service with a Route",
      type: "boolean",
      default: false,
      "x-onyxia": { hidden: true, overwriteDefaultWith: "k8s.route" },
    },
    hostname: {
      type: "string",
      form: true,
      title: "Host name",
      "x-onyxia": {
        hidden: true,
        overwriteDefaultWith: "{{project.id}}-{{k8s.randomSubdomain}}-0.{{k8s.domain}}",
      },
    },
    userHostname: {
      type: "string",
      form: true,
      title: "Host name for user applications",
      "x-onyxia": {
        hidden: true,
        overwriteDefaultWith: "{{project.id}}-{{k8s.randomSubdomain}}-user.{{k8s.domain}}",
      },
    },
  },
};
