import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideIngress: JSONSchema = {
  $schema: DRAFT_07,
  title: "Ingress",
  description: "How the service is exposed through the cluster's ingress controller",
  type: "object",
  properties: {
    enabled: {
      description: "Expose the service with an Ingress",
      type: "boolean",
      default: true,
      "x-onyxia": { hidden: true, overwriteDefaultWith: "k8s.ingress" },
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
    ingressClassName: {
      type: "string",
      form: true,
      title: "Ingress class",
      default: "",
      "x-onyxia": { hidden: true, overwriteDefaultWith: "{{k8s.ingressClassName}}" },
    },
    useCertManager: {
      type: "boolean",
      description: "Have cert-manager issue the TLS certificate",
      default: false,
      "x-onyxia": { hidden: true, overwriteDefaultWith: "k8s.useCertManager" },
    },
    certManagerClusterIssuer: {
      type: "string",
      title: "cert-manager cluster issuer",
      description: "ClusterIssuer used when cert-manager is on",
      default: "",
      "x-onyxia": { hidden: true, overwriteDefaultWith: "k8s.certManagerClusterIssuer" },
    },
  },
};
