// `ide/role.json` and `role-spark.json` differ only by the default role (Spark needs to create pods).
import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

function kubernetesRole(defaultRole: "view" | "admin"): JSONSchema {
  return {
    $schema: DRAFT_07,
    title: "Kubernetes access",
    type: "object",
    properties: {
      enabled: {
        type: "boolean",
        description: "Let the service use the Kubernetes API of your namespace",
        default: true,
      },
      role: {
        type: "string",
        description: "Default Kubernetes role bound to the service account",
        default: defaultRole,
        hidden: { value: false, path: "kubernetes/enabled" },
        enum: ["view", "edit", "admin"],
      },
    },
  };
}

export const ideRole = kubernetesRole("view");
export const roleSpark = kubernetesRole("admin");
