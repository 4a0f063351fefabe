// The shape of the XOnyxiaContext (context/types.ts) as data, so the lint can tell whether a
// reference such as `{{s3.workingDirectoryPath}}` can ever be filled. The `satisfies` clauses tie
// every object to its interface: adding or removing a context field without updating this file
// fails the typecheck.
import type {
  XOnyxiaCertificateAuthorityInjection,
  XOnyxiaContext,
  XOnyxiaGit,
  XOnyxiaK8s,
  XOnyxiaPackageRepositoryInjection,
  XOnyxiaProxyInjection,
  XOnyxiaRegion,
  XOnyxiaRegionResources,
  XOnyxiaS3,
  XOnyxiaUser,
  XOnyxiaVault,
} from "../context/types.ts";

/** `leaf`: a scalar; `any`: free-form data (token claims, admin values): any sub-path may exist. */
export type ContextShape =
  "leaf" | "any" | { readonly array: ContextShape } | { readonly [key: string]: ContextShape };

type ShapeOf<T> = { readonly [K in keyof Required<T>]: ContextShape };

const s3 = {
  profileName: "leaf",
  AWS_ACCESS_KEY_ID: "leaf",
  AWS_SECRET_ACCESS_KEY: "leaf",
  AWS_SESSION_TOKEN: "leaf",
  AWS_DEFAULT_REGION: "leaf",
  AWS_S3_ENDPOINT: "leaf",
  port: "leaf",
  pathStyleAccess: "leaf",
  isAnonymous: "leaf",
} as const satisfies ShapeOf<XOnyxiaS3>;

const user = {
  idep: "leaf",
  name: "leaf",
  email: "leaf",
  password: "leaf",
  ip: "leaf",
  darkMode: "leaf",
  lang: "leaf",
  decodedIdToken: "any",
  accessToken: "leaf",
  refreshToken: "leaf",
  profile: "any",
} as const satisfies ShapeOf<XOnyxiaUser>;

const resources = {
  cpuRequest: "leaf",
  cpuLimit: "leaf",
  memoryRequest: "leaf",
  memoryLimit: "leaf",
  disk: "leaf",
  gpu: "leaf",
} as const satisfies ShapeOf<XOnyxiaRegionResources>;

const region = {
  defaultIpProtection: "leaf",
  defaultNetworkPolicy: "leaf",
  allowedURIPattern: "leaf",
  customValues: "any",
  kafka: { url: "leaf", topicName: "leaf" },
  tolerations: "any",
  from: "any",
  nodeSelector: "any",
  startupProbe: "any",
  sliders: "any",
  resources,
  openshiftSCC: { scc: "leaf", enabled: "leaf" },
} as const satisfies ShapeOf<XOnyxiaRegion>;

const k8s = {
  domain: "leaf",
  ingressClassName: "leaf",
  ingress: "leaf",
  route: "leaf",
  istio: { enabled: "leaf", gateways: { array: "leaf" } },
  randomSubdomain: "leaf",
  initScriptUrl: "leaf",
  useCertManager: "leaf",
  certManagerClusterIssuer: "leaf",
} as const satisfies ShapeOf<XOnyxiaK8s>;

export const CONTEXT_SHAPE = {
  user,
  service: { oneTimePassword: "leaf" },
  project: { id: "leaf", password: "leaf", basic: "leaf" },
  git: {
    name: "leaf",
    email: "leaf",
    credentials_cache_duration: "leaf",
    token: "leaf",
  } satisfies ShapeOf<XOnyxiaGit>,
  vault: {
    VAULT_ADDR: "leaf",
    VAULT_TOKEN: "leaf",
    VAULT_MOUNT: "leaf",
    VAULT_TOP_DIR: "leaf",
  } satisfies ShapeOf<XOnyxiaVault>,
  s3,
  s3_array: { array: s3 },
  region,
  k8s,
  proxyInjection: {
    enabled: "leaf",
    httpProxyUrl: "leaf",
    httpsProxyUrl: "leaf",
    noProxy: "leaf",
  } satisfies ShapeOf<XOnyxiaProxyInjection>,
  packageRepositoryInjection: {
    cranProxyUrl: "leaf",
    condaProxyUrl: "leaf",
    packageManagerUrl: "leaf",
    pypiProxyUrl: "leaf",
  } satisfies ShapeOf<XOnyxiaPackageRepositoryInjection>,
  certificateAuthorityInjection: {
    cacerts: "leaf",
    pathToCaBundle: "leaf",
  } satisfies ShapeOf<XOnyxiaCertificateAuthorityInjection>,
} as const satisfies ShapeOf<XOnyxiaContext>;

/**
 * Where a path stops being fillable: undefined when the context can hold a value there, else the
 * index of the first segment that cannot exist.
 */
export function unreachableSegment(segments: readonly (string | number)[]): number | undefined {
  let shape: ContextShape = CONTEXT_SHAPE;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string | number;
    if (shape === "any") return undefined;
    if (shape === "leaf") return i;
    if (isArrayShape(shape)) {
      if (typeof segment === "number" || /^\d+$/.test(segment)) {
        shape = shape.array;
        continue;
      }
      return i;
    }
    const key = String(segment);
    if (!Object.prototype.hasOwnProperty.call(shape, key)) return i;
    shape = (shape as Record<string, ContextShape>)[key] as ContextShape;
  }
  return undefined;
}

function isArrayShape(shape: ContextShape): shape is { readonly array: ContextShape } {
  return typeof shape === "object" && "array" in shape && Object.keys(shape).length === 1;
}
