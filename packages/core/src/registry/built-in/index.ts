// Our own versions of the schemas Onyxia ships (same keys and shapes, so charts resolve alike).
import { deepFreeze } from "../../schema/json-utils.ts";
import type { JSONSchema } from "../../schema/types.ts";
import { ideCustomImage } from "./ide-custom-image.ts";
import { ideExtraEnv } from "./ide-extraenv.ts";
import { ideGit } from "./ide-git.ts";
import { ideIngress } from "./ide-ingress.ts";
import { ideInit } from "./ide-init.ts";
import { ideMessage } from "./ide-message.ts";
import { ideOpenshiftScc } from "./ide-openshift-scc.ts";
import { idePassword } from "./ide-password.ts";
import { idePersistence } from "./ide-persistence.ts";
import { ideResourcesGpu } from "./ide-resources-gpu.ts";
import { ideResources } from "./ide-resources.ts";
import { ideRole, roleSpark } from "./kubernetes-role.ts";
import { ideRoute } from "./ide-route.ts";
import { ideS3 } from "./ide-s3.ts";
import { ideStartupProbe } from "./ide-startup-probe.ts";
import { ideVault } from "./ide-vault.ts";
import { networkPolicy } from "./network-policy.ts";
import { nodeSelector, nodeSelectorGpu } from "./node-selector.ts";
import { proxy } from "./proxy.ts";
import { tolerations } from "./tolerations.ts";

const schemas: Record<string, JSONSchema> = {
  "ide/customImage.json": ideCustomImage,
  "ide/extraenv.json": ideExtraEnv,
  "ide/git.json": ideGit,
  "ide/ingress.json": ideIngress,
  "ide/init.json": ideInit,
  "ide/message.json": ideMessage,
  "ide/openshiftSCC.json": ideOpenshiftScc,
  "ide/password.json": idePassword,
  "ide/persistence.json": idePersistence,
  "ide/resources-gpu.json": ideResourcesGpu,
  "ide/resources.json": ideResources,
  "ide/role.json": ideRole,
  "ide/route.json": ideRoute,
  "ide/s3.json": ideS3,
  "ide/startupProbe.json": ideStartupProbe,
  "ide/vault.json": ideVault,
  "network-policy.json": networkPolicy,
  "nodeSelector.json": nodeSelector,
  "nodeSelector-gpu.json": nodeSelectorGpu,
  "proxy.json": proxy,
  "role-spark.json": roleSpark,
  "tolerations.json": tolerations,
};

// Shared module objects: frozen so no caller can change what every other request sees.
deepFreeze(schemas);

/** The built-in registry, by key (`ide/resources.json`...). */
export const builtInSchemas: Readonly<Record<string, JSONSchema>> = schemas;
