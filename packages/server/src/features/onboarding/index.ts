// Project namespaces: created at the first launch or by onboarding (reference §11).
export { ensureNamespace, namespaceCommands, onboard, type NamespaceRequest } from "./namespace.ts";
export { callerForGroup, onboardProject } from "./onboarding.ts";
