// Every region key of Onyxia's model (reference §2) with Onyxia's defaults.
import type { Field, Shape } from "./shape.ts";
import { QUOTA_KEYS } from "./quota-keys.ts";
import { regionDataConfigShape } from "../s3/region-config.ts";
import { idleSuspendShape } from "../idle/config.ts";

const str: Shape = { kind: "string" };
const bool = (def?: boolean): Shape =>
  def === undefined ? { kind: "boolean" } : { kind: "boolean", default: def };
const stringMap = (withDefault: boolean): Shape =>
  withDefault ? { kind: "record", values: str, default: {} } : { kind: "record", values: str };
const stringList = (withDefault: boolean): Shape =>
  withDefault ? { kind: "array", items: str, default: [] } : { kind: "array", items: str };

const oidcOverride: Shape = {
  kind: "object",
  fields: {
    issuerURI: str,
    clientID: str,
    extraQueryParams: str,
    scope: str,
    idleSessionLifetimeInSeconds: { kind: "integer", min: 0 },
    audience: str,
  },
};

const quota: Shape = {
  kind: "object",
  fields: Object.fromEntries(QUOTA_KEYS.map((k) => [k, { kind: "scalar" } satisfies Shape])),
};

const expose: Shape = {
  kind: "object",
  fields: {
    domain: str,
    ingressClassName: str,
    ingress: bool(true),
    route: bool(false),
    istio: {
      kind: "object",
      create: true,
      fields: { enabled: bool(false), gateways: stringList(true) },
    },
    ingressPort: { kind: "integer", min: 1 },
    annotations: stringMap(true),
    useDefaultCertificate: bool(true),
    certManager: {
      kind: "object",
      create: true,
      fields: { useCertManager: bool(false), certManagerClusterIssuer: str },
    },
  },
};

/** Explains why the key is refused rather than silently ignoring it (Onyxia exits too). */
export const DEFAULT_CONFIGURATION_REFUSAL =
  "is no longer supported (removed in Onyxia v9 / API v3): resources, sliders and similar settings " +
  "now live in JSON schemas referenced by charts through x-onyxia.overwriteSchemaWith " +
  "(see external.schema.directory and role.schema.directory). Remove this key.";

const services: Field = {
  kind: "object",
  create: true,
  fields: {
    type: { kind: "string", enum: ["KUBERNETES"], default: "KUBERNETES" },
    singleNamespace: bool(true),
    allowNamespaceCreation: bool(true),
    userNamespace: bool(true),
    namespacePrefix: { kind: "string", default: "user-" },
    groupNamespacePrefix: { kind: "string", default: "projet-" },
    usernamePrefix: str,
    groupPrefix: str,
    authenticationMode: {
      kind: "string",
      enum: ["serviceAccount", "admin", "impersonate", "tokenPassthrough"],
      default: "serviceAccount",
    },
    namespaceLabels: stringMap(true),
    namespaceAnnotations: stringMap(true),
    namespaceAnnotationsDynamic: {
      kind: "object",
      create: true,
      fields: { enabled: bool(true), userAttributes: stringList(true) },
    },
    quotas: {
      kind: "object",
      create: true,
      fields: {
        userEnabled: bool(false),
        user: quota,
        roles: { kind: "record", values: quota },
        groupEnabled: bool(false),
        group: quota,
      },
    },
    expose,
    monitoring: { kind: "object", fields: { URLPattern: str } },
    allowedURIPattern: { kind: "string", regex: true, default: "^https://" },
    server: {
      kind: "object",
      fields: {
        URL: str,
        auth: {
          kind: "object",
          fields: {
            token: { kind: "string", secret: true },
            username: str,
            password: { kind: "string", secret: true },
          },
        },
      },
    },
    k8sPublicEndpoint: { kind: "object", fields: { URL: str, oidcConfiguration: oidcOverride } },
    defaultConfiguration: { kind: "refused", reason: DEFAULT_CONFIGURATION_REFUSAL },
    customValues: { kind: "any" },
    initScript: str,
    openshiftSCC: { kind: "object", fields: { scc: str, enabled: bool() } },
    idleSuspend: idleSuspendShape,
  },
};

export const regionShape: Shape = {
  kind: "object",
  fields: {
    id: {
      kind: "string",
      required: true,
      pattern: /^\S+$/,
      patternHint: "a non-empty id without spaces",
    },
    name: str,
    description: str,
    includedGroupPattern: { kind: "string", regex: true },
    transformGroupPattern: str,
    excludedGroupPattern: { kind: "string", regex: true },
    onyxiaAPI: { kind: "object", fields: { baseURL: str } },
    services,
    data: regionDataConfigShape,
    vault: {
      kind: "object",
      fields: {
        URL: str,
        kvEngine: str,
        role: str,
        authPath: { kind: "string", default: "jwt" },
        prefix: str,
        groupPrefix: str,
        oidcConfiguration: oidcOverride,
      },
    },
    git: {
      kind: "object",
      fields: {
        type: { kind: "string", enum: ["gitlab", "github"] },
        URL: str,
        oidcConfiguration: oidcOverride,
      },
    },
    proxyInjection: {
      kind: "object",
      fields: { enabled: bool(), httpProxyUrl: str, httpsProxyUrl: str, noProxy: str },
    },
    packageRepositoryInjection: {
      kind: "object",
      fields: { cranProxyUrl: str, condaProxyUrl: str, packageManagerUrl: str, pypiProxyUrl: str },
    },
    certificateAuthorityInjection: {
      kind: "object",
      fields: {
        crts: { kind: "array", items: { kind: "any" } },
        cacerts: str,
        pathToCaBundle: str,
      },
    },
  },
};
