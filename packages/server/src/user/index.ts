export type { User, Project } from "./types.ts";
export {
  createNoAuthResolver,
  noAuthUser,
  type IdentityProviderHealth,
  type UserResolver,
} from "./user-resolver.ts";
export {
  projectsFor,
  groupBaseName,
  isExcludedGroup,
  isProjectNamespace,
  SINGLE_PROJECT_ID,
} from "./projects.ts";
export {
  kubeIdentityFor,
  kubeRequestHeaders,
  helmIdentityFields,
  describeKubeIdentity,
  type KubeIdentity,
} from "./kube-identity.ts";
export { resolveRegion, resolveProject, REGION_HEADER, PROJECT_HEADER } from "./request-context.ts";
export { createOidcResolver, userFromClaims } from "./oidc-resolver.ts";
export { clientIp } from "./client-ip.ts";
export type { IncomingCall } from "./incoming-call.ts";
